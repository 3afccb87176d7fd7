declare module 'hls.js/dist/hls.min.js' {
  const source: string;
  export default source;
}
