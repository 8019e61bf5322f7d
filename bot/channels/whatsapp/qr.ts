import QRCode from "qrcode";
import qrcodeTerminal from "qrcode-terminal";

/**
 * The pairing QR code for a terminal (the operator at the console) and as a PNG (an admin
 * in the web console, GET /api/v1/admin/whatsapp/qr). The code changes every ~20 s; an
 * old one cannot be scanned.
 */
export function printQrToTerminal(qr: string, write: (text: string) => void = (text) => process.stderr.write(text)): void {
  qrcodeTerminal.generate(qr, { small: true }, (art) => write(`${art}\n`));
}

export function qrToPng(qr: string): Promise<Buffer> {
  return QRCode.toBuffer(qr, { type: "png", errorCorrectionLevel: "M", margin: 2, scale: 6 });
}
