// VTEX writes dates in two shapes: order documents use a 7-digit fraction with "+00:00",
// hook and feed events use a 7-digit fraction with "Z". Clients must parse both.

export function orderDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000+00:00`;
}

export function listDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export function eventDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}0000Z`;
}
