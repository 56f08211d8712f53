import { useEffect, useState } from "react";

/** UTC as the server renders it; the browser's own time zone once the page runs. */
export function utcText(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// The server cannot know the visitor's time zone: it renders UTC (so hydration matches), and the
// browser then shows local time.
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const [text, setText] = useState(() => utcText(iso));
  useEffect(() => {
    setText(new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
  }, [iso]);
  return (
    <time dateTime={iso} className={className}>
      {text}
    </time>
  );
}
