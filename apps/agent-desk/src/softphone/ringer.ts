/**
 * The ring: a 450 Hz tone, 1 s on / 4 s off (China's ring cadence, indications.conf [cn]) made with WebAudio — no
 * sound file to ship — and a desktop notification when the tab is in the background.
 */
export class Ringer {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private note: Notification | null = null;

  start(title: string, body: string): void {
    if (this.timer) return;
    const beep = (): void => {
      try {
        this.ctx ??= new AudioContext();
        const o = this.ctx.createOscillator();
        const g = this.ctx.createGain();
        o.frequency.value = 450;
        g.gain.value = 0.15;
        o.connect(g).connect(this.ctx.destination);
        o.start();
        o.stop(this.ctx.currentTime + 1);
      } catch {
        // no audio output: the panel still shows the ring
      }
    };
    beep();
    this.timer = setInterval(beep, 5000);
    if (typeof document !== 'undefined' && document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      this.note = new Notification(title, { body, tag: 'donorline-ring', requireInteraction: true });
      this.note.onclick = () => {
        window.focus();
        this.note?.close();
      };
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.note?.close();
    this.note = null;
  }

  /** Ask once, from a click (browsers allow the prompt only then). */
  static async askNotifications(): Promise<void> {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') await Notification.requestPermission().catch(() => undefined);
  }
}
