import { describe, expect, it } from 'vitest';
import { chooseLocale, LOCALES, translator } from '.';
import { AREAS } from './areas';
import { en } from './en';

describe('chooseLocale', () => {
  it('prefers the visitor’s choice over Accept-Language', () => {
    expect(chooseLocale('fr', 'en-US,en;q=0.9')).toBe('fr');
  });
  it('ranks Accept-Language by q-value and matches the primary subtag', () => {
    expect(chooseLocale(undefined, 'de;q=1, en;q=0.5, fr-CA;q=0.8')).toBe('fr');
    expect(chooseLocale(undefined, 'fr;q=0, en')).toBe('en');
  });
  it('falls back to English for an unknown choice or language', () => {
    expect(chooseLocale('xx', 'de, ja')).toBe('en');
    expect(chooseLocale(undefined, undefined)).toBe('en');
  });
});

describe('catalogues', () => {
  it('French has a non-empty message for every English key, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(LOCALES.en)) {
      const french = (LOCALES.fr as Record<string, string>)[key];
      expect(french, key).toBeTruthy();
      expect(placeholders(french), key).toEqual(placeholders(text));
    }
  });
  it('fills placeholders', () => {
    expect(translator('fr')('nav.signedInAs', { name: 'alice' })).toBe('Connecté en tant que alice');
  });
});

describe('areas', () => {
  it('no two catalogues define the same key', () => {
    const seen = new Map<string, number>();
    for (const [i, c] of [{ en }, ...AREAS].entries())
      for (const key of Object.keys(c.en)) {
        expect(seen.get(key), key).toBeUndefined();
        seen.set(key, i);
      }
  });
});
