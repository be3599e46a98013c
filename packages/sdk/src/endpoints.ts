/** The two sites of the Partner Center API; they differ in operations and in some fields. */
export type Site = 'cn' | 'intl';

/** Base URLs of the real service per site. */
export const endpoints = {
  cn: 'https://bss.myhuaweicloud.com',
  intl: 'https://bss-intl.myhuaweicloud.com',
} as const satisfies Record<Site, string>;
