// Small text helpers the report's renderers share: HTML escaping and durations.
import { stripVTControlCharacters } from 'node:util';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML/SVG content and attribute values; drops terminal colour codes. */
export function esc(s: string | number | undefined): string {
  return stripVTControlCharacters(String(s ?? '')).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** 0.8 s, 12.3 s, 2 min 5 s. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
