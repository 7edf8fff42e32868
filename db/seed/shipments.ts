import { inArray } from "drizzle-orm";
import { db as globalDb, type Database } from "../../app/lib/db.server";
import type { Party } from "../../app/shipping/parties";
import { createShipments, type CreateShipmentsInput } from "../../app/shipping/shipments.server";
import { recordTrackingEvents } from "../../app/shipping/tracking.server";
import { cooperatives } from "../schema";
import { shipments, type TrackingEventType } from "../shipping-schema";

const HOUR = 60 * 60 * 1000;

type Demo = {
  orderId: string;
  coopSlug: string;
  destination: string;
  recipient: Party;
  items: CreateShipmentsInput["items"];
  service?: CreateShipmentsInput["service"];
  /** Hours before now. */
  createdHoursAgo: number;
  events: Array<[TrackingEventType, number, string]>;
};

// One of each state the tracking page and the admin list must show.
const DEMOS: Demo[] = [
  {
    orderId: "demo-order-delivered",
    coopSlug: "xinfeng-navel-orange",
    destination: "31",
    recipient: { name: "陈思远", phone: "13917245566", province: "31", city: "上海市", address: "徐汇区漕溪北路 201 弄 5 号 602 室" },
    items: [{ weightG: 5200, lengthMm: 380, widthMm: 280, heightMm: 200, storage: "ambient", quantity: 2, name: "赣南脐橙 5 公斤装" }],
    createdHoursAgo: 80,
    events: [
      ["accepted", 78, "江西赣州信丰营业部"],
      ["departed", 70, "赣州转运中心"],
      ["arrived", 40, "上海徐汇漕河泾营业部"],
      ["out_for_delivery", 30, "上海徐汇漕河泾营业部"],
      ["delivered", 27, "上海市徐汇区 本人签收"],
    ],
  },
  {
    orderId: "demo-order-in-transit",
    coopSlug: "loufan-potato",
    destination: "44",
    recipient: { name: "黄嘉欣", phone: "13622318877", province: "44", city: "广州市", address: "天河区体育西路 103 号 1808 室" },
    items: [{ weightG: 10_000, lengthMm: 400, widthMm: 300, heightMm: 250, storage: "ambient", quantity: 1, name: "娄烦高原土豆 10 公斤" }],
    service: "economy",
    createdHoursAgo: 30,
    events: [
      ["accepted", 26, "山西太原娄烦营业部"],
      ["departed", 6, "太原转运中心"],
    ],
  },
  {
    orderId: "demo-order-stalled",
    coopSlug: "suining-dongshan-grapes",
    destination: "51",
    recipient: { name: "李明轩", phone: "18980012345", province: "51", city: "成都市", address: "武侯区人民南路四段 11 号" },
    items: [{ weightG: 1000, lengthMm: 200, widthMm: 150, heightMm: 150, storage: "ambient", quantity: 2, name: "绥宁山花蜂蜜 500 克 × 2" }],
    createdHoursAgo: 90,
    events: [
      ["accepted", 86, "湖南邵阳绥宁营业部"],
      ["departed", 60, "邵阳转运中心"],
    ],
  },
  {
    orderId: "demo-order-cold-chain",
    coopSlug: "suining-dongshan-grapes",
    destination: "11",
    recipient: { name: "王小明", phone: "13812345678", province: "11", city: "北京市", address: "朝阳区建国路 88 号 3 单元 1202 室" },
    items: [{ weightG: 4000, lengthMm: 350, widthMm: 250, heightMm: 180, storage: "chilled", quantity: 1, shelfLifeDays: 10, name: "东山红提 4 公斤冷链装" }],
    createdHoursAgo: 12,
    events: [
      ["accepted", 10, "湖南邵阳冷链集散中心"],
      ["departed", 4, "长沙冷链转运中心"],
    ],
  },
];

/**
 * Demo parcels with timelines (delivered, in transit, stalled, cold chain). Runs after the
 * catalog is committed, through the app's own createShipments on the app's database handle.
 */
export async function seedDemoShipments({
  db,
  log = () => {},
  now = new Date(),
}: {
  db: Database;
  log?: (line: string) => void;
  now?: Date;
}): Promise<string[]> {
  if (globalDb() !== db) throw new Error("seedDemoShipments: the database given must be the app's (setDatabase)");
  const coops = await db
    .select()
    .from(cooperatives)
    .where(inArray(cooperatives.slug, [...new Set(DEMOS.map((d) => d.coopSlug))]));
  const bySlug = new Map(coops.map((c) => [c.slug, c]));
  const numbers: string[] = [];
  for (const demo of DEMOS) {
    const coop = bySlug.get(demo.coopSlug);
    if (!coop) continue;
    const sender: CreateShipmentsInput["sender"] = {
      name: coop.nameZh,
      phone: coop.contactPhone,
      province: coop.provinceCode,
      city: coop.cityZh,
      address: coop.addressZh,
    };
    const result = await createShipments({
      orderId: demo.orderId,
      cooperativeId: coop.id,
      origin: coop.provinceCode,
      destination: demo.destination,
      sender,
      recipient: demo.recipient,
      items: demo.items,
      service: demo.service,
    });
    if (!result.ok) throw new Error(`demo shipment ${demo.orderId}: ${result.message}`);
    const ids = result.shipments.map((s) => s.id);
    await db
      .update(shipments)
      .set({ createdAt: new Date(now.getTime() - demo.createdHoursAgo * HOUR) })
      .where(inArray(shipments.id, ids));
    for (const s of result.shipments) {
      await recordTrackingEvents({
        source: "carrier",
        events: demo.events.map(([type, hoursAgo, place], i) => ({
          eventId: `demo-${s.trackingNumber}-${i}`,
          trackingNumber: s.trackingNumber,
          type,
          occurredAt: new Date(now.getTime() - hoursAgo * HOUR),
          place,
          note: "",
        })),
      });
      numbers.push(s.trackingNumber);
    }
  }
  log(`seeded ${numbers.length} demo parcels; track them at /track/<number>: ${numbers.join(" ")}`);
  return numbers;
}
