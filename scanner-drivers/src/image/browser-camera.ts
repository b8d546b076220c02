import { ScannerEmitter, type Scanner } from '@scrutin/domain/scanner.js';
import { decodePixels } from './decode.js';

/**
 * A webcam in the browser: frames from getUserMedia drawn on a canvas and decoded a few times a
 * second. The same text seen in consecutive frames is one read, not one per frame.
 */
export interface CameraOptions {
  video: HTMLVideoElement;
  intervalMs?: number;
  /** A read of the same text within this delay is the same envelope still under the camera. */
  repeatAfterMs?: number;
  constraints?: MediaStreamConstraints;
}

export class BrowserCameraScanner extends ScannerEmitter implements Scanner {
  readonly id = 'caméra';
  private stream: MediaStream | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private last: { text: string; at: number } | undefined;

  constructor(private readonly options: CameraOptions) {
    super();
  }

  async start(): Promise<void> {
    try {
      this.stream = await navigator.mediaDevices.getUserMedia(this.options.constraints ?? { video: { facingMode: 'environment', width: { ideal: 1280 } } });
    } catch (error) {
      this.emit('error', new Error(`caméra inaccessible : ${(error as Error).message}`));
      return;
    }
    const video = this.options.video;
    video.srcObject = this.stream;
    await video.play();
    this.emit('connected', undefined);
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('canvas 2D indisponible');
    this.timer = setInterval(() => {
      if (video.videoWidth === 0) return;
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      const frame = context.getImageData(0, 0, canvas.width, canvas.height);
      const read = decodePixels(frame);
      if (!read) return;
      const now = Date.now();
      if (this.last && this.last.text === read.text && now - this.last.at < (this.options.repeatAfterMs ?? 3000)) {
        this.last.at = now;
        return;
      }
      this.last = { text: read.text, at: now };
      this.emit('read', { text: read.text, symbology: read.symbology, at: new Date(), source: this.id });
    }, this.options.intervalMs ?? 250);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.emit('disconnected', undefined);
  }
}
