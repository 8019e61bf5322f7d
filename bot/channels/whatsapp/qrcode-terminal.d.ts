/** qrcode-terminal ships no types; this is the one function Rafiq calls (CommonJS, default export). */
declare module "qrcode-terminal" {
  interface QrcodeTerminal {
    /** Draws `input` as a QR code with block characters; `small` halves its height. */
    generate(input: string, options?: { small?: boolean }, callback?: (art: string) => void): void;
  }
  const qrcodeTerminal: QrcodeTerminal;
  export default qrcodeTerminal;
}
