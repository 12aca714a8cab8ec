/** The rows of page `page` (from 1) when each page holds `perPage`: what every paginated list skips and takes. */
export function pageWindow({ page, perPage }: { page: number; perPage: number }): { limit: number; offset: number } {
  return { limit: perPage, offset: (page - 1) * perPage };
}
