/**
 * The new-chat tone: a short two-note chime made with WebAudio (no file to fetch), and its on/off
 * setting, kept in the browser's localStorage.
 */
import { el } from '../../web/browser/dom';

const SETTING_KEY = 'handoff.desk.newChatSound';

let audio: AudioContext | undefined;

/** Plays the chime; the browser may keep it silent until the agent has clicked on the page once. */
export function chime(): void {
  try {
    audio ??= new AudioContext();
    void audio.resume();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.16, 1_320],
    ] as const) {
      const tone = audio.createOscillator();
      const volume = audio.createGain();
      tone.type = 'sine';
      tone.frequency.value = frequency;
      volume.gain.setValueAtTime(0.0001, start + offset);
      volume.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
      tone.connect(volume).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.16);
    }
    document.body.dataset.chimes = String(Number(document.body.dataset.chimes ?? 0) + 1);
  } catch {
    // A browser without WebAudio still has the title's count.
  }
}

/** The header's checkbox; on unless the agent turned it off. */
export function soundSetting(): { control: HTMLElement; enabled: () => boolean } {
  const read = () => {
    try {
      return localStorage.getItem(SETTING_KEY) !== 'off';
    } catch {
      return true;
    }
  };
  const box = el('input', {
    type: 'checkbox',
    'data-key': 'sound',
    checked: read(),
    onchange: () => {
      try {
        localStorage.setItem(SETTING_KEY, box.checked ? 'on' : 'off');
      } catch {
        // Private windows may refuse storage: the setting lasts for this page only.
      }
      // The click is the gesture that lets the page's audio start.
      if (box.checked) void (audio ??= new AudioContext()).resume();
    },
  });
  return { control: el('label', { class: 'setting', title: 'Play a short tone when a new chat waits' }, box, 'Sound'), enabled: () => box.checked };
}
