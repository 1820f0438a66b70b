import { useEffect, useState } from 'react';

/** `text` drawn as a QR code (SVG) to scan with a phone: invitation links, two-factor secrets. */
export function QrCode({ text, label, caption }: { text: string; label: string; caption: string }) {
  const [svg, setSvg] = useState<string>('');
  useEffect(() => {
    let cancelled = false;
    // the encoder (~8 KB gzipped) loads with the first code drawn, not with the start page
    import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((s) => !cancelled && setSvg(s))
      .catch(() => setSvg(''));
    return () => {
      cancelled = true;
    };
  }, [text]);
  if (!svg) return null;
  return (
    <figure className="qr">
      <div className="qr-code" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}
