import type { ArtKind, ArtScene } from "./art";

export interface SeedVariant {
  sku: string;
  labelZh: string;
  labelEn: string;
  netWeightG: number;
  shippingWeightG: number;
  dims: [number, number, number];
  priceFen: number;
  compareAtFen?: number;
  stock: number;
}
export interface SeedProduct {
  slug: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  descriptionEn: string;
  originStoryZh: string;
  originStoryEn: string;
  category: "fruit" | "vegetable" | "grain" | "pantry";
  seasonMonths: number[];
  storageClass: "ambient" | "chilled";
  shelfLifeDays: number;
  art: ArtKind;
  scenes: ArtScene[];
  variants: SeedVariant[];
  batches?: {
    expectedDate: string;
    expectedQuantityG: number;
    status: "planned" | "growing" | "harvesting";
    noteZh: string;
    noteEn: string;
  }[];
}
export interface SeedCooperative {
  slug: string;
  nameZh: string;
  nameEn: string;
  taglineZh: string;
  taglineEn: string;
  storyZh: string;
  storyEn: string;
  provinceCode: string;
  /** GB/T 2260, as the profile's picker saves them; `cityZh` is the city and district names. */
  cityCode: string;
  districtCode: string;
  cityZh: string;
  cityEn: string;
  addressZh: string;
  addressEn: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  handlingDays: number;
  cover: { art: ArtKind; scene: ArtScene };
  products: SeedProduct[];
}

export const DEMO_COOPERATIVES: SeedCooperative[] = [
  {
    slug: "xinfeng-navel-orange",
    nameZh: "信丰赣南脐橙种植专业合作社",
    nameEn: "Xinfeng Gannan Navel Orange Growers' Cooperative",
    taglineZh: "赣南红土地上的脐橙，树上挂足 210 天",
    taglineEn: "Navel oranges from Gannan's red soil, 210 days on the tree",
    storyZh:
      "合作社由 126 户果农组成，在信丰县的丘陵红壤上种植纽荷尔脐橙 3800 亩。我们坚持自然成熟后再采摘，统一分级、统一包装，每一箱都能追溯到果园和采摘日期。",
    storyEn:
      "126 farming families grow Newhall navel oranges on 3,800 mu of red-soil hills in Xinfeng county. We pick only when the fruit has ripened on the tree, grade and pack together, and every box traces back to its orchard and picking day.",
    provinceCode: "36",
    cityCode: "3607",
    districtCode: "360722",
    cityZh: "赣州市信丰县",
    cityEn: "Xinfeng, Ganzhou",
    addressZh: "安西镇果园路 18 号",
    addressEn: "18 Guoyuan Road, Anxi Town, Xinfeng County, Ganzhou, Jiangxi",
    contactName: "刘建华",
    contactPhone: "13907971234",
    contactEmail: "hello@xinfeng-orange.example",
    handlingDays: 2,
    cover: { art: "navel-orange", scene: "orchard" },
    products: [
      {
        slug: "gannan-navel-oranges",
        nameZh: "赣南脐橙 纽荷尔",
        nameEn: "Gannan Newhall navel oranges",
        descriptionZh:
          "果皮橙红光亮，果肉脆嫩化渣，糖度 12–14°。单果 75–85 mm，不打蜡、不染色，现摘现发。",
        descriptionEn:
          "Glossy red-orange peel, crisp juicy flesh that melts away, 12–14° Brix. 75–85 mm fruit, never waxed or dyed, picked to order.",
        originStoryZh:
          "信丰是赣南脐橙的发源地，昼夜温差大、红壤富含稀土元素，造就脐橙特有的浓郁香气。",
        originStoryEn:
          "Xinfeng is where Gannan navel oranges began: wide day-night temperature swings and rare-earth-rich red soil give them their deep aroma.",
        category: "fruit",
        seasonMonths: [11, 12, 1, 2],
        storageClass: "ambient",
        shelfLifeDays: 30,
        art: "navel-orange",
        scenes: ["pile", "gift-box", "cut"],
        variants: [
          {
            sku: "XF-NAVEL-2.5",
            labelZh: "2.5 公斤 尝鲜装（约 10 个）",
            labelEn: "2.5 kg taster (about 10 fruit)",
            netWeightG: 2500,
            shippingWeightG: 2800,
            dims: [300, 200, 150],
            priceFen: 3990,
            stock: 240,
          },
          {
            sku: "XF-NAVEL-5",
            labelZh: "5 公斤 家庭装（约 20 个）",
            labelEn: "5 kg family box (about 20 fruit)",
            netWeightG: 5000,
            shippingWeightG: 5500,
            dims: [400, 300, 200],
            priceFen: 6990,
            compareAtFen: 8900,
            stock: 500,
          },
          {
            sku: "XF-NAVEL-10",
            labelZh: "10 公斤 礼盒装（精选大果）",
            labelEn: "10 kg gift box (select large fruit)",
            netWeightG: 10000,
            shippingWeightG: 11000,
            dims: [480, 330, 260],
            priceFen: 12900,
            stock: 120,
          },
        ],
        batches: [
          {
            expectedDate: "2026-12-08",
            expectedQuantityG: 80_000_000,
            status: "harvesting",
            noteZh: "第二批采摘，糖度已达 13°",
            noteEn: "Second picking; Brix already at 13°",
          },
          {
            expectedDate: "2027-01-15",
            expectedQuantityG: 45_000_000,
            status: "growing",
            noteZh: "晚熟果园，挂树时间更长",
            noteEn: "Late orchards, longer on the tree",
          },
        ],
      },
      {
        slug: "xinfeng-ponkan-mandarins",
        nameZh: "信丰椪柑",
        nameEn: "Xinfeng ponkan mandarins",
        descriptionZh: "皮薄易剥，汁多化渣，酸甜适中，老人孩子都爱吃。单果 60–70 mm。",
        descriptionEn:
          "Thin peel that comes away easily, very juicy, balanced sweet and tart; a favourite for children and grandparents. 60–70 mm fruit.",
        originStoryZh: "椪柑种在海拔 300 米的山坡果园，与脐橙轮作管理，全程人工除草。",
        originStoryEn:
          "Grown on hillside orchards at 300 m, tended alongside the navel oranges and weeded by hand.",
        category: "fruit",
        seasonMonths: [11, 12, 1],
        storageClass: "ambient",
        shelfLifeDays: 25,
        art: "mandarin",
        scenes: ["pile", "gift-box"],
        variants: [
          {
            sku: "XF-PONKAN-2.5",
            labelZh: "2.5 公斤 箱装",
            labelEn: "2.5 kg box",
            netWeightG: 2500,
            shippingWeightG: 2800,
            dims: [300, 200, 150],
            priceFen: 3280,
            stock: 180,
          },
          {
            sku: "XF-PONKAN-5",
            labelZh: "5 公斤 箱装",
            labelEn: "5 kg box",
            netWeightG: 5000,
            shippingWeightG: 5500,
            dims: [400, 300, 200],
            priceFen: 5800,
            compareAtFen: 6800,
            stock: 90,
          },
        ],
      },
    ],
  },
  {
    slug: "suining-dongshan-grapes",
    nameZh: "绥宁东山葡萄专业合作社",
    nameEn: "Suining Dongshan Grape Cooperative",
    taglineZh: "湘西南山谷里的避雨葡萄，冷链直达",
    taglineEn: "Rain-sheltered grapes from a southwest Hunan valley, cold chain to your door",
    storyZh:
      "东山村的 58 户葡萄农在避雨大棚里种植红提和巨峰，采用生物防虫，每串葡萄都套袋成熟。采摘当天预冷，全程冷链发货。",
    storyEn:
      "58 growers in Dongshan village raise red globe and Kyoho grapes under rain shelters, with biological pest control and every bunch bagged on the vine. Grapes are pre-cooled the day they are picked and travel cold chain.",
    provinceCode: "43",
    cityCode: "4305",
    districtCode: "430527",
    cityZh: "邵阳市绥宁县",
    cityEn: "Suining, Shaoyang",
    addressZh: "东山乡葡萄园 6 组",
    addressEn: "Group 6, Vineyard Lane, Dongshan Township, Suining County, Shaoyang, Hunan",
    contactName: "杨秀英",
    contactPhone: "13873951288",
    contactEmail: "grapes@dongshan.example",
    handlingDays: 1,
    cover: { art: "red-grape", scene: "orchard" },
    products: [
      {
        slug: "dongshan-red-grapes",
        nameZh: "东山红提",
        nameEn: "Dongshan red globe grapes",
        descriptionZh:
          "果粒饱满，单粒 10–12 克，果皮紫红带果粉，口感脆甜。采摘当天预冷至 2°C，冷链发货。",
        descriptionEn:
          "Plump 10–12 g berries with a crimson, bloom-dusted skin and a crisp sweet bite. Pre-cooled to 2 °C on picking day and shipped cold chain.",
        originStoryZh: "东山乡四面环山，雨季靠大棚避雨，秋季晴朗少雨，葡萄得以慢慢积累糖分。",
        originStoryEn:
          "Dongshan is ringed by mountains; shelters keep off the rainy-season downpours and dry sunny autumns let the sugars build slowly.",
        category: "fruit",
        seasonMonths: [8, 9, 10, 11],
        storageClass: "chilled",
        shelfLifeDays: 10,
        art: "red-grape",
        scenes: ["pile", "gift-box", "orchard"],
        variants: [
          {
            sku: "DS-RED-2",
            labelZh: "2 公斤 冷链装",
            labelEn: "2 kg, cold chain",
            netWeightG: 2000,
            shippingWeightG: 2300,
            dims: [300, 220, 120],
            priceFen: 5900,
            stock: 160,
          },
          {
            sku: "DS-RED-4",
            labelZh: "4 公斤 礼盒冷链装",
            labelEn: "4 kg gift box, cold chain",
            netWeightG: 4000,
            shippingWeightG: 4500,
            dims: [400, 300, 150],
            priceFen: 10900,
            compareAtFen: 12800,
            stock: 6,
          },
        ],
      },
      {
        slug: "dongshan-kyoho-grapes",
        nameZh: "巨峰葡萄",
        nameEn: "Kyoho grapes",
        descriptionZh: "紫黑色大粒，皮薄多汁，带有浓郁的葡萄香。",
        descriptionEn:
          "Large purple-black berries, thin-skinned and juicy, with a deep grapey perfume.",
        originStoryZh: "巨峰是东山村种植最久的品种，老藤树龄超过 15 年。",
        originStoryEn:
          "Kyoho is the village's oldest variety; some vines are more than 15 years old.",
        category: "fruit",
        seasonMonths: [7, 8, 9],
        storageClass: "chilled",
        shelfLifeDays: 7,
        art: "kyoho-grape",
        scenes: ["pile", "cut"],
        variants: [
          {
            sku: "DS-KYOHO-2",
            labelZh: "2 公斤 冷链装",
            labelEn: "2 kg, cold chain",
            netWeightG: 2000,
            shippingWeightG: 2300,
            dims: [300, 220, 120],
            priceFen: 4900,
            stock: 40,
          },
          {
            sku: "DS-KYOHO-5",
            labelZh: "5 公斤 冷链装",
            labelEn: "5 kg, cold chain",
            netWeightG: 5000,
            shippingWeightG: 5600,
            dims: [420, 320, 160],
            priceFen: 10800,
            stock: 0,
          },
        ],
        batches: [
          {
            expectedDate: "2027-07-20",
            expectedQuantityG: 12_000_000,
            status: "planned",
            noteZh: "明年第一批巨峰",
            noteEn: "Next year's first Kyoho picking",
          },
        ],
      },
      {
        slug: "suining-mountain-honey",
        nameZh: "绥宁山花蜂蜜",
        nameEn: "Suining wildflower honey",
        descriptionZh: "土蜂酿造的百花蜜，自然成熟封盖后才摇蜜，浓稠醇厚，冬季会自然结晶。",
        descriptionEn:
          "Wildflower honey from native bees, extracted only once capped and ripe; thick and mellow, and it crystallises naturally in winter.",
        originStoryZh: "蜂箱放在葡萄园上方的山林里，蜜蜂为葡萄授粉，也采集山花。",
        originStoryEn:
          "The hives sit in the forest above the vineyards: the bees pollinate the grapes and forage on mountain flowers.",
        category: "pantry",
        seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        storageClass: "ambient",
        shelfLifeDays: 730,
        art: "honey",
        scenes: ["cut", "orchard"],
        variants: [
          {
            sku: "DS-HONEY-500",
            labelZh: "500 克 玻璃瓶",
            labelEn: "500 g glass jar",
            netWeightG: 500,
            shippingWeightG: 900,
            dims: [120, 120, 150],
            priceFen: 6800,
            stock: 75,
          },
          {
            sku: "DS-HONEY-1000",
            labelZh: "500 克 × 2 瓶",
            labelEn: "2 × 500 g jars",
            netWeightG: 1000,
            shippingWeightG: 1800,
            dims: [250, 130, 160],
            priceFen: 12800,
            compareAtFen: 13600,
            stock: 30,
          },
        ],
      },
    ],
  },
  {
    slug: "loufan-potato",
    nameZh: "娄烦高原马铃薯专业合作社",
    nameEn: "Loufan Highland Potato Cooperative",
    taglineZh: "海拔 1400 米的沙壤土豆与黄小米",
    taglineEn: "Potatoes and golden millet from 1,400 m sandy highland soil",
    storyZh:
      "合作社位于吕梁山东麓的娄烦县，210 户社员种植土豆、紫薯和谷子。高原日照足、昼夜温差大，土豆淀粉含量高，口感沙糯。",
    storyEn:
      "On the eastern flank of the Lüliang mountains in Loufan county, 210 member families grow potatoes, purple potatoes and foxtail millet. Long sunny days and cold nights make floury, starchy potatoes.",
    provinceCode: "14",
    cityCode: "1401",
    districtCode: "140123",
    cityZh: "太原市娄烦县",
    cityEn: "Loufan, Taiyuan",
    addressZh: "静游镇农产品仓储中心",
    addressEn: "Produce Storage Centre, Jingyou Town, Loufan County, Taiyuan, Shanxi",
    contactName: "王志强",
    contactPhone: "13835166789",
    contactEmail: "coop@loufan-potato.example",
    handlingDays: 2,
    cover: { art: "potato", scene: "orchard" },
    products: [
      {
        slug: "loufan-highland-potatoes",
        nameZh: "娄烦高原黄心土豆",
        nameEn: "Loufan highland yellow potatoes",
        descriptionZh:
          "黄皮黄心，个头均匀（150–300 克），适合炖、炒、蒸。放在阴凉通风处可存放两个月。",
        descriptionEn:
          "Yellow skin and flesh, evenly sized (150–300 g), for stews, stir-fries and steaming. Keeps two months somewhere cool and airy.",
        originStoryZh: "娄烦的沙壤土疏松透气，种出的土豆表皮光滑、淀粉含量高。",
        originStoryEn:
          "Loufan's loose, airy sandy loam grows smooth-skinned potatoes high in starch.",
        category: "vegetable",
        seasonMonths: [9, 10, 11, 12, 1, 2, 3],
        storageClass: "ambient",
        shelfLifeDays: 60,
        art: "potato",
        scenes: ["pile", "gift-box", "cut"],
        variants: [
          {
            sku: "LF-POTATO-2.5",
            labelZh: "2.5 公斤 尝鲜装",
            labelEn: "2.5 kg taster",
            netWeightG: 2500,
            shippingWeightG: 2700,
            dims: [300, 200, 150],
            priceFen: 1990,
            stock: 400,
          },
          {
            sku: "LF-POTATO-5",
            labelZh: "5 公斤 家庭装",
            labelEn: "5 kg family bag",
            netWeightG: 5000,
            shippingWeightG: 5300,
            dims: [400, 300, 180],
            priceFen: 3290,
            stock: 650,
          },
          {
            sku: "LF-POTATO-10",
            labelZh: "10 公斤 整箱",
            labelEn: "10 kg case",
            netWeightG: 10000,
            shippingWeightG: 10600,
            dims: [480, 330, 240],
            priceFen: 5900,
            compareAtFen: 6580,
            stock: 220,
          },
        ],
        batches: [
          {
            expectedDate: "2027-09-10",
            expectedQuantityG: 300_000_000,
            status: "planned",
            noteZh: "2027 年秋季新薯",
            noteEn: "Autumn 2027 new crop",
          },
        ],
      },
      {
        slug: "loufan-purple-potatoes",
        nameZh: "黑美人紫土豆",
        nameEn: "Black Beauty purple potatoes",
        descriptionZh: "紫皮紫心，富含花青素，蒸熟后口感细腻，适合做紫薯泥和沙拉。",
        descriptionEn:
          "Purple inside and out and rich in anthocyanins; smooth when steamed, lovely mashed or in salads.",
        originStoryZh: "紫土豆种在合作社的高山试验田，产量低但颜色最正。",
        originStoryEn:
          "Grown on the cooperative's high trial fields: lower yields, deepest colour.",
        category: "vegetable",
        seasonMonths: [9, 10, 11, 12],
        storageClass: "ambient",
        shelfLifeDays: 45,
        art: "purple-potato",
        scenes: ["cut", "pile"],
        variants: [
          {
            sku: "LF-PURPLE-2.5",
            labelZh: "2.5 公斤",
            labelEn: "2.5 kg",
            netWeightG: 2500,
            shippingWeightG: 2700,
            dims: [300, 200, 150],
            priceFen: 2990,
            stock: 120,
          },
          {
            sku: "LF-PURPLE-5",
            labelZh: "5 公斤",
            labelEn: "5 kg",
            netWeightG: 5000,
            shippingWeightG: 5300,
            dims: [400, 300, 180],
            priceFen: 5200,
            stock: 60,
          },
        ],
      },
      {
        slug: "loufan-golden-millet",
        nameZh: "娄烦黄小米",
        nameEn: "Loufan golden millet",
        descriptionZh: "当年新米，颗粒金黄，熬粥有一层厚厚的米油。真空包装，开袋即食用。",
        descriptionEn:
          "This year's crop, bright golden grains that cook into congee with a thick silky top. Vacuum packed.",
        originStoryZh: "谷子种在山坡旱地，只靠雨水，不施化肥，九月底人工收割晾晒。",
        originStoryEn:
          "Grown on rain-fed hillside fields without chemical fertiliser, cut by hand and sun-dried at the end of September.",
        category: "grain",
        seasonMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        storageClass: "ambient",
        shelfLifeDays: 365,
        art: "millet",
        scenes: ["cut", "orchard"],
        variants: [
          {
            sku: "LF-MILLET-1",
            labelZh: "1 公斤 真空装",
            labelEn: "1 kg vacuum pack",
            netWeightG: 1000,
            shippingWeightG: 1100,
            dims: [200, 140, 60],
            priceFen: 2600,
            stock: 300,
          },
          {
            sku: "LF-MILLET-2.5",
            labelZh: "2.5 公斤 礼盒（5 袋）",
            labelEn: "2.5 kg gift box (5 packs)",
            netWeightG: 2500,
            shippingWeightG: 3000,
            dims: [320, 220, 120],
            priceFen: 5800,
            compareAtFen: 6500,
            stock: 80,
          },
        ],
      },
    ],
  },
];
