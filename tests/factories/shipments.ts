import type { ShipmentRow } from "../../db/shipping-schema";
import type { Party } from "~/shipping/parties";
import { createShipments } from "~/shipping/shipments.server";
import { createCooperative } from "./catalog";

export const SENDER: Party = {
  name: "信丰脐橙合作社",
  phone: "13907971234",
  province: "36",
  city: "赣州市",
  address: "信丰县嘉定镇果园路 8 号",
  postcode: "341600",
};

export const RECIPIENT: Party = {
  name: "王小明",
  phone: "13812345678",
  province: "11",
  city: "北京市",
  address: "朝阳区建国路 88 号 3 单元 1202 室",
};

/** An in-memory shipment row, for code that only reads rows (labels, views). */
export function shipmentRow(overrides: Partial<ShipmentRow> = {}): ShipmentRow {
  return {
    id: "shp_test",
    trackingNumber: "EA123456785CN",
    orderId: "ord_test",
    cooperativeId: "coop_test",
    service: "express",
    storage: "ambient",
    zone: "national",
    originProvince: "36",
    destinationProvince: "11",
    sender: SENDER,
    recipient: RECIPIENT,
    units: [{ item: 0, quantity: 2, name: "赣南脐橙 5 公斤装" }],
    actualG: 10400,
    volumetricG: 6000,
    chargeableG: 11000,
    priceFen: 7800,
    transitDays: 3,
    parcelIndex: 1,
    parcelCount: 1,
    status: "created",
    lastEventAt: null,
    createdAt: new Date("2026-11-20T08:00:00Z"),
    ...overrides,
  };
}

/** One express parcel (5 kg, Jiangxi → Beijing) of a new cooperative, stored through createShipments. */
export async function createParcel({ orderId = "ord_t" }: { orderId?: string } = {}) {
  const coop = await createCooperative();
  const r = await createShipments({
    orderId,
    cooperativeId: coop.id,
    origin: "36",
    destination: "11",
    sender: SENDER,
    recipient: RECIPIENT,
    items: [
      {
        weightG: 5000,
        lengthMm: 400,
        widthMm: 300,
        heightMm: 200,
        storage: "ambient",
        quantity: 1,
      },
    ],
  });
  if (!r.ok) throw new Error(r.message);
  return { coop, shipment: r.shipments[0]! };
}
