/**
 * The bank's lists page with core's one paging module (one cursor format for every connection);
 * these names stay here so that the bank's modules and its users keep importing them from here.
 */
export {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  type Page,
  type PageRequest,
  pageSize,
  toPage,
} from "@qvault/core";
