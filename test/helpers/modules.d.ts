// bencode 4 ships no types; tests use it to read the HTTP tracker's answers.
declare module 'bencode' {
  const bencode: { encode(value: unknown): Uint8Array; decode(data: Uint8Array): any };
  export default bencode;
}
