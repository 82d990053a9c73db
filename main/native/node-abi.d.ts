// node-abi ships no types; this is the one function Vigil uses.
declare module 'node-abi' {
  const nodeAbi: { getAbi(target: string, runtime: 'node' | 'electron' | 'node-webkit'): string };
  export default nodeAbi;
}
