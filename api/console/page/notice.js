// Noticing, with the console in a background tab: the tab title and the favicon count who
// waits and the held conversations where the person wrote last; a short sound and a desktop
// notification (the browser's Notification API, asked once) for a new waiting person and a
// new message in a conversation the advisor holds. The figures are the inbox's own.
import { useEffect, useRef, useState } from "preact/hooks";
import { api } from "./api.js";
import { translate } from "./ui.js";

const ASKED_KEY = "rafiq.console.notifications.asked";
const SOUND_KEY = "rafiq.console.sound";
/** Re-read at most this often when the stream reports changes in a burst. */
const REFRESH_MS = 300;

/** What the shell shows in the title and favicon, and the settings panel reads. */
export function useNotice({ lang, live }) {
  const [figures, setFigures] = useState({ waiting: 0, unread: 0 });
  const [permission, setPermission] = useState(() => (typeof Notification === "undefined" ? "unsupported" : Notification.permission));
  const [sound, setSoundState] = useState(() => localStorage.getItem(SOUND_KEY) !== "off");
  const [asked, setAsked] = useState(() => localStorage.getItem(ASKED_KEY) === "1");
  const known = useRef(null);
  const timer = useRef(null);
  const soundOn = useRef(sound);
  soundOn.current = sound;
  const langNow = useRef(lang);
  langNow.current = lang;

  async function check() {
    try {
      const [waiting, mine] = await Promise.all([api("/api/v1/console/inbox?view=waiting"), api("/api/v1/console/inbox?view=mine")]);
      const waitingIds = new Set(waiting.conversations.map((item) => item.id));
      const unanswered = new Map(mine.conversations.filter((item) => item.status === "advisor").map((item) => [item.id, item.unanswered]));
      const before = known.current;
      known.current = { waitingIds, unanswered };
      setFigures({ waiting: waiting.counts.waiting, unread: waiting.counts.unread });
      if (!before) return; // the first reading is what was already there
      const newcomers = waiting.conversations.filter((item) => !before.waitingIds.has(item.id));
      const written = mine.conversations.filter((item) => item.status === "advisor" && item.unanswered > (before.unanswered.get(item.id) ?? 0));
      if (newcomers.length > 0) alert("noticeWaitingTitle", newcomers[0]);
      else if (written.length > 0) alert("noticeMessageTitle", written[0]);
    } catch {
      // The next change tries again; the inbox shows its own errors.
    }
  }

  function alert(titleKey, item) {
    const t = (key, vars) => translate(langNow.current, key, vars);
    if (soundOn.current) beep();
    if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
    // In front of the advisor, the inbox itself is the notice; a notification is for a tab in the background.
    if (document.visibilityState === "visible" && document.hasFocus()) return;
    const name = item.person?.firstName || t("noName");
    const notification = new Notification(t(titleKey, { name }), { body: item.lastText ?? "", tag: `rafiq-${item.id}`, lang: langNow.current === "fr" ? "fr" : "ar" });
    notification.onclick = () => {
      window.focus();
      location.hash = `#/c/${item.id}`;
      notification.close();
    };
  }

  useEffect(() => {
    void check();
    return live.subscribe(() => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void check(), REFRESH_MS);
    });
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

  const count = figures.waiting + figures.unread;
  useEffect(() => {
    const title = translate(lang, "title");
    document.title = count > 0 ? translate(lang, "titleCount", { count, title }) : title;
    setFavicon(count);
  }, [count, lang]);

  return {
    figures,
    count,
    permission,
    /** Asked once, from a click (browsers only ask after a gesture); the answer is the browser's to keep. */
    async askPermission() {
      if (typeof Notification === "undefined") return;
      localStorage.setItem(ASKED_KEY, "1");
      setAsked(true);
      setPermission(await Notification.requestPermission());
    },
    shouldAsk: permission === "default" && !asked,
    dismissAsk() {
      localStorage.setItem(ASKED_KEY, "1");
      setAsked(true);
    },
    sound,
    setSound(on) {
      localStorage.setItem(SOUND_KEY, on ? "on" : "off");
      setSoundState(on);
      if (on) beep();
    },
  };
}

let audio = null;
/** Two short tones from the page itself (no file to fetch); silent where the browser allows no sound yet. */
function beep() {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [[0, 880], [0.16, 1175]]) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.15);
    }
  } catch {
    // no sound available: the title and the notification still tell
  }
}

/** The green dot, with the count on a red badge when someone needs an answer. */
function setFavicon(count) {
  const link = document.querySelector("link[rel=icon]");
  if (!link) return;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const g = canvas.getContext("2d");
  if (!g) return;
  g.fillStyle = "#0b6b50";
  g.beginPath();
  g.arc(32, 32, 30, 0, Math.PI * 2);
  g.fill();
  if (count > 0) {
    g.fillStyle = "#c62828";
    g.beginPath();
    g.arc(44, 20, 20, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = "#fff";
    g.font = "bold 26px system-ui, sans-serif";
    g.textAlign = "center";
    g.textBaseline = "middle";
    g.fillText(count > 99 ? "99+" : String(count), 44, 21);
  }
  link.href = canvas.toDataURL("image/png");
  link.dataset.faviconCount = String(count);
}
