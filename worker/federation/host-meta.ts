/** `/.well-known/host-meta` (RFC 6415): an XRD whose `lrdd` template points at WebFinger. */
import type { Config } from '../config';

export function hostMetaXml(config: Config): string {
  const template = `${config.publicUrl}/.well-known/webfinger?resource={uri}`.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<XRD xmlns="http://docs.oasis-open.org/ns/xri/xrd-1.0">
  <Link rel="lrdd" type="application/xrd+xml" template="${template}"/>
</XRD>
`;
}
