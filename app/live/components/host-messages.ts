import type { AdminDictionary } from "../../components/admin/admin-i18n";

/** Words of the host console's frame; the console's pages add their own. */
const zh = {
  "host.title": "主播工作台",
  "host.nav.sessions": "直播场次",
  "host.nav.earnings": "业绩与佣金",
  "host.role": "直播主播",
};

const en: Record<keyof typeof zh, string> = {
  "host.title": "Host console",
  "host.nav.sessions": "Live sessions",
  "host.nav.earnings": "Sales & commission",
  "host.role": "Livestream host",
};

export type HostShellKey = keyof typeof zh;
export const hostShellMessages: AdminDictionary<HostShellKey> = { zh, en };
