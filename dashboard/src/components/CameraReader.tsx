import { useEffect, useRef, useState } from 'react';

type Props = { formats: 'barcode' | 'qr'; onRead: (text: string) => void; onClose: () => void };

/**
 * Reads a code from the camera with ZXing, loaded only when a camera is opened so the
 * scanning screen stays light. The same reader serves envelopes (Code 128, DataMatrix)
 * and the PV's QR code.
 */
export function CameraReader({ formats, onRead, onClose }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState('Ouverture de la caméra…');
  const onReadRef = useRef(onRead);
  onReadRef.current = onRead;

  useEffect(() => {
    let stop = () => undefined as void;
    let cancelled = false;
    void (async () => {
      try {
        const zxing = await import('@zxing/library');
        const hints = new Map();
        const wanted = formats === 'qr' ? [zxing.BarcodeFormat.QR_CODE] : [zxing.BarcodeFormat.CODE_128, zxing.BarcodeFormat.DATA_MATRIX];
        hints.set(zxing.DecodeHintType.POSSIBLE_FORMATS, wanted);
        hints.set(zxing.DecodeHintType.TRY_HARDER, true);
        const reader = new zxing.BrowserMultiFormatReader(hints, 200);
        stop = () => reader.reset();
        if (cancelled) return stop();
        let lastText = '';
        let lastAt = 0;
        await reader.decodeFromConstraints({ video: { facingMode: 'environment' } }, video.current!, (result) => {
          if (!result) return;
          const text = result.getText();
          // The same code stays in view for several frames: read it once.
          if (text === lastText && Date.now() - lastAt < 2500) return;
          lastText = text;
          lastAt = Date.now();
          onReadRef.current(text);
        });
        setStatus('Présentez le code devant la caméra.');
      } catch (e) {
        setStatus('Caméra indisponible : ' + ((e as Error).name === 'NotAllowedError' ? 'accès refusé.' : 'aucune caméra trouvée.'));
      }
    })();
    return () => {
      cancelled = true;
      stop();
    };
  }, [formats]);

  return (
    <div className="camera" role="group" aria-label="Lecture par caméra">
      <video ref={video} muted playsInline aria-hidden="true" />
      <p role="status">{status}</p>
      <button type="button" className="secondary" onClick={onClose}>
        Fermer la caméra
      </button>
    </div>
  );
}
