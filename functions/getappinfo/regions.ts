/**
 * Chat REST API domains per data-center region, as listed on the getappinfo page:
 * https://www.tencentcloud.com/document/product/1047/41939
 */
export const REGION_DOMAINS = {
  china: 'console.tim.qq.com',
  singapore: 'adminapisgp.im.qcloud.com',
  seoul: 'adminapikr.im.qcloud.com',
  frankfurt: 'adminapiger.im.qcloud.com',
  'silicon-valley': 'adminapiusa.im.qcloud.com',
  jakarta: 'adminapiidn.im.qcloud.com',
  tokyo: 'adminapijpn.im.qcloud.com',
} as const;

export type Region = keyof typeof REGION_DOMAINS;

export const REGIONS = Object.keys(REGION_DOMAINS) as Region[];

export function isRegion(value: string): value is Region {
  return Object.hasOwn(REGION_DOMAINS, value);
}
