/** Dates and counts as people read them; the exact ISO time stays in the title/datetime. */
export function when(iso: string | undefined | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} (${ago(date)})`;
}

export function ago(date: Date, now = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  if (s < 5) return 'just now';
  const [value, unit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.round(s / 60), 'minute'] : s < 86400 ? [Math.round(s / 3600), 'hour'] : [Math.round(s / 86400), 'day'];
  const text = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return future ? `in ${text}` : `${text} ago`;
}

export function count(n: number, noun: string): string {
  return `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`;
}

/** Compact rendering of a journal change value. */
export function brief(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A directory key's state as the Keys page shows it. */
export function keyStatus(k: { revoked?: string; expires?: string }, now = Date.now()): 'Revoked' | 'Expired' | 'Active' {
  if (k.revoked) return 'Revoked';
  if (k.expires && Date.parse(k.expires) <= now) return 'Expired';
  return 'Active';
}
