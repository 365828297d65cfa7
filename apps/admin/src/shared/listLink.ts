/** The address of a react-admin list with its filter preset, e.g. `/tickets?filter={"active":true}`. */
export function listLink(resource: string, filter: Record<string, unknown>): string {
  return `/${resource}?filter=${encodeURIComponent(JSON.stringify(filter))}`;
}
