/**
 * The ring: a 450 Hz tone, 1 s on / 4 s off (China's ring cadence, indications.conf [cn]) made with WebAudio — no
 * sound file to ship — and a desktop notification when the tab is in the background.
 *
 * The audio context is made on the agent's first click or key press after the desk loads (browsers only let a
 * context play after a user gesture, and making one can take hundreds of milliseconds — on the first ring that
 * delayed the pop's paint by 0.5–1 s), and the tone itself starts after the current task, so the ring never holds
 * up the card.
 */
const GESTURES = ['pointerdown', 'keydown'] as const;

export class Ringer {
  private ctx: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private first: ReturnType<typeof setTimeout> | null = null;
  private note: Notification | null = null;
  private readonly unlock = (): void => {
    for (const g of GESTURES) document.removeEventListener(g, this.unlock, true);
    this.context();
  };

  constructor() {
    if (typeof document !== 'undefined') for (const g of GESTURES) document.addEventListener(g, this.unlock, { capture: true, passive: true });
  }

  private context(): AudioContext | null {
    try {
      if (!this.ctx && typeof AudioContext !== 'undefined') this.ctx = new AudioContext();
      if (this.ctx?.state === 'suspended') void this.ctx.resume().catch(() => undefined);
    } catch {
      // no audio output: the panel still shows the ring
    }
    return this.ctx;
  }

  start(title: string, body: string): void {
    if (this.timer || this.first) return;
    const beep = (): void => {
      try {
        const ctx = this.context();
        if (!ctx) return;
        const o = ctx.createOscillator();
        const g = ctx.createGain();
        o.frequency.value = 450;
        g.gain.value = 0.15;
        o.connect(g).connect(ctx.destination);
        o.start();
        o.stop(ctx.currentTime + 1);
      } catch {
        // no audio output: the panel still shows the ring
      }
    };
    this.first = setTimeout(() => {
      this.first = null;
      beep();
      this.timer = setInterval(beep, 5000);
    }, 0);
    if (typeof document !== 'undefined' && document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      this.note = new Notification(title, { body, tag: 'donorline-ring', requireInteraction: true });
      this.note.onclick = () => {
        window.focus();
        this.note?.close();
      };
    }
  }

  stop(): void {
    if (this.first) clearTimeout(this.first);
    if (this.timer) clearInterval(this.timer);
    this.first = null;
    this.timer = null;
    this.note?.close();
    this.note = null;
  }

  /** Ask once, from a click (browsers allow the prompt only then). */
  static async askNotifications(): Promise<void> {
    if (typeof Notification !== 'undefined' && Notification.permission === 'default') await Notification.requestPermission().catch(() => undefined);
  }
}
