import { describe, expect, it } from "vitest";
import { cooperativeSender, streetLine } from "~/catalog/cooperative-address";

describe("the cooperative's street line", () => {
  const xinfeng = { provinceCode: "36", place: ["赣州市信丰县", "赣州市", "信丰县"] };
  it.each([
    ["江西省赣州市信丰县安西镇果园路 18 号", "安西镇果园路 18 号"],
    ["江西赣州市信丰县安西镇果园路 18 号", "安西镇果园路 18 号"],
    ["赣州市信丰县安西镇果园路 18 号", "安西镇果园路 18 号"],
    ["信丰县安西镇果园路 18 号", "安西镇果园路 18 号"],
    ["安西镇果园路 18 号", "安西镇果园路 18 号"],
    // A street named after the province is a street, not a repeated place.
    ["江西大道 1 号", "江西大道 1 号"],
    // Nothing but the place: keep what was typed rather than print nothing.
    ["江西省赣州市信丰县", "江西省赣州市信丰县"],
  ])("%s → %s", (typed, street) => {
    expect(streetLine(typed, xinfeng)).toBe(street);
  });

  it("drops a municipality's name with its 市 and an autonomous region's full name", () => {
    expect(
      streetLine("北京市朝阳区建国路 88 号", {
        provinceCode: "11",
        place: ["北京市朝阳区", "北京市", "朝阳区"],
      }),
    ).toBe("建国路 88 号");
    expect(
      streetLine("广西壮族自治区南宁市青秀区民族大道 1 号", {
        provinceCode: "45",
        place: ["南宁市青秀区"],
      }),
    ).toBe("民族大道 1 号");
  });

  it("makes the sender from the profile: own phone, place from the city line, street once", () => {
    expect(
      cooperativeSender({
        nameZh: "信丰脐橙合作社",
        contactPhone: "13907971234",
        provinceCode: "36",
        cityZh: "赣州市信丰县",
        addressZh: "江西省赣州市信丰县安西镇果园路 18 号",
      }),
    ).toEqual({
      name: "信丰脐橙合作社",
      phone: "13907971234",
      province: "36",
      city: "赣州市信丰县",
      address: "安西镇果园路 18 号",
    });
  });
});
