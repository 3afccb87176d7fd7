/**
 * One area of the interface's messages, in both languages. Each page family keeps its strings in
 * its own file under `areas/`, so that two changes to two families never touch one catalogue.
 * The French messages must have exactly the English keys: the type checker enforces it.
 */
export const defineArea = <const E extends Record<string, string>>(en: E, fr: { [K in keyof E]: string }) => ({ en, fr });
