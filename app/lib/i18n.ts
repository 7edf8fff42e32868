export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh";

export function isLocale(value: unknown): value is Locale {
  return value === "zh" || value === "en";
}

const zh = {
  "site.name": "丰收直播",
  "site.tagline": "合作社直供 · 产地直发",
  "site.description": "丰收直播：农民专业合作社直供的当季水果、蔬菜与杂粮，产地直发，冷链到家。",
  "nav.skip": "跳到主要内容",
  "nav.home": "首页",
  "nav.search": "搜索",
  "nav.searchPlaceholder": "搜索脐橙、葡萄、土豆…",
  "nav.cart": "购物车",
  "nav.cartItem": "件商品",
  "nav.cartItems": "件商品",
  "nav.account": "我的账号",
  "nav.signIn": "登录",
  "nav.language": "语言",
  "nav.switchTo": "English",
  "nav.categories": "分类",
  "category.all": "全部",
  "category.fruit": "水果",
  "category.vegetable": "蔬菜",
  "category.grain": "杂粮",
  "category.pantry": "粮油干货",
  "home.heroTitle": "从枝头到餐桌，只隔一个快递",
  "home.heroBody": "合作社直供，采摘后 48 小时内发出。每一箱都能查到产地与批次。",
  "home.heroCta": "逛逛当季好物",
  "home.seasonal": "{month}月当季",
  "home.seasonalEmpty": "本月暂无当季产品，看看下面的全部商品吧。",
  "home.cooperatives": "精选合作社",
  "home.all": "更多农产品",
  "home.channels": "四种买法",
  "channel.buyNow": "现货直发",
  "channel.buyNowBody": "有货即发，合作社 1–3 天内出库",
  "channel.presale": "预售",
  "channel.presaleBody": "锁定还在枝头的收成，成熟后第一批发出",
  "channel.groupBuy": "社区团购",
  "channel.groupBuyBody": "邻里拼单，人越多越便宜，团长处统一自提",
  "channel.live": "直播秒杀",
  "channel.liveBody": "跟着主播下单，限时限量",
  "channel.soon": "即将上线",
  "home.live": "直播秒杀",
  "home.liveNow": "正在秒杀",
  "home.liveSoon": "即将开抢",
  "home.liveEnds": "{time} 结束",
  "home.liveStarts": "{time} 开抢",
  "home.liveGo": "去抢购",
  "product.from": "起",
  "product.was": "原价",
  "product.perKg": "{price}/公斤",
  "product.soldOut": "已售罄",
  "product.lowStock": "仅剩 {count} 件",
  "product.inStock": "有货",
  "product.origin": "产地",
  "product.storage": "储存",
  "product.storage.ambient": "常温",
  "product.storage.chilled": "冷藏 0–4°C",
  "product.shelfLife": "保质期",
  "product.shelfLifeDays": "{days} 天",
  "product.season": "当季月份",
  "product.shipping": "配送方式",
  "product.shipping.ambient":
    "常温快递（可选经济快递），从{province}{city}发货，付款后 {days} 天内出库。",
  "product.shipping.chilled":
    "全程冷链，含保温箱与冰袋，从{province}{city}发货，付款后 {days} 天内出库。偏远地区暂不支持冷链。",
  "product.variant": "规格",
  "product.quantity": "数量",
  "product.addToCart": "加入购物车",
  "product.added": "已加入购物车。",
  "product.viewCart": "去结算",
  "product.description": "商品介绍",
  "product.originStory": "产地故事",
  "product.harvest": "采收计划",
  "product.harvestExpected": "预计 {date} 采收约 {weight}",
  "product.netWeight": "净重 {weight}",
  "product.gallery": "商品图片",
  "product.photo": "第 {n} 张图片，共 {total} 张",
  "product.soldBy": "出品合作社",
  "harvest.planned": "计划中",
  "harvest.growing": "生长中",
  "harvest.harvesting": "采收中",
  "harvest.harvested": "已采收",
  "coop.products": "在售产品",
  "coop.story": "合作社故事",
  "coop.contact": "联系方式",
  "coop.location": "位于{province}{city}",
  "coop.visit": "进店看看",
  "cart.title": "购物车",
  "cart.empty": "购物车还是空的。",
  "cart.emptyCta": "去挑选当季好物",
  "cart.item": "商品",
  "cart.price": "单价",
  "cart.quantity": "数量",
  "cart.lineTotal": "小计",
  "cart.update": "更新",
  "cart.remove": "删除",
  "cart.subtotal": "商品金额",
  "cart.weight": "商品净重",
  "cart.shippingNote": "运费在结算时按重量和收货地计算；不同合作社分开发货，冷藏商品走冷链。",
  "cart.checkout": "去结算",
  "cart.checkoutSoon": "结算功能即将上线",
  "cart.fromCooperative": "{name} 发货",
  "cart.unavailable": "该商品已下架，请删除。",
  "cart.limited": "库存仅剩 {count} 件，请调整数量。",
  "cart.updated": "购物车已更新。",
  "cart.removed": "已从购物车删除。",
  "search.title": "搜索",
  "search.resultsFor": "“{q}” 的搜索结果",
  "search.results": "{count} 件商品",
  "search.none": "没有找到相关商品。换个关键词，或看看全部分类。",
  "search.submit": "搜索",
  "search.label": "搜索商品",
  "sort.label": "排序",
  "sort.featured": "推荐",
  "sort.price-asc": "价格从低到高",
  "sort.price-desc": "价格从高到低",
  "sort.per-kg": "每公斤最划算",
  "product.moreFrom": "{name}的其他产品",
  "error.quantity": "请输入 1 到 {max} 之间的整数数量。",
  "error.quantityAboveStock": "库存不足：最多还能购买 {count} 件。",
  "error.cartFull": "购物车最多放 {count} 种商品，请先结算或移除一些。",
  "error.soldOut": "这个规格已经卖完了。",
  "error.variant": "请选择一个有效的规格。",
  "error.notFoundTitle": "页面不存在",
  "error.notFoundBody": "您要找的页面不存在或已下架。可以搜索一下，或回到首页看看当季好物。",
  "error.title": "出错了",
  "error.body": "页面暂时无法显示，请稍后刷新重试。如果问题持续，请联系我们。",
  "error.backHome": "回到首页",
  "footer.about":
    "丰收直播连接农民专业合作社与城市家庭：现货、预售、团购、直播，四种方式买到产地好货。",
  "footer.rights": "示例商城 · 所有价格以人民币计",
  "footer.track": "查询物流",
  "month.short": "{m}月",
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  "site.name": "Harvest Live",
  "site.tagline": "Straight from the cooperative",
  "site.description":
    "Harvest Live: seasonal fruit, vegetables and grains sold directly by farming cooperatives, shipped from the farm, cold chain to your door.",
  "nav.skip": "Skip to main content",
  "nav.home": "Home",
  "nav.search": "Search",
  "nav.searchPlaceholder": "Search oranges, grapes, potatoes…",
  "nav.cart": "Cart",
  "nav.cartItem": "item",
  "nav.cartItems": "items",
  "nav.account": "Account",
  "nav.signIn": "Sign in",
  "nav.language": "Language",
  "nav.switchTo": "中文",
  "nav.categories": "Categories",
  "category.all": "All",
  "category.fruit": "Fruit",
  "category.vegetable": "Vegetables",
  "category.grain": "Grains",
  "category.pantry": "Pantry",
  "home.heroTitle": "From the branch to your table, one parcel away",
  "home.heroBody":
    "Sold by the cooperatives that grow it and shipped within 48 hours of picking. Every box traces back to its farm and batch.",
  "home.heroCta": "Shop what's in season",
  "home.seasonal": "In season in {month}",
  "home.seasonalEmpty": "Nothing is in season this month; browse everything below.",
  "home.cooperatives": "Featured cooperatives",
  "home.all": "More produce",
  "home.channels": "Four ways to buy",
  "channel.buyNow": "Buy now",
  "channel.buyNowBody": "In stock and shipped by the cooperative within 1–3 days",
  "channel.presale": "Presale",
  "channel.presaleBody": "Reserve a harvest still on the tree; first out when it ripens",
  "channel.groupBuy": "Group-buy",
  "channel.groupBuyBody": "Buy with neighbours: the bigger the group, the lower the price",
  "channel.live": "Live flash sales",
  "channel.liveBody": "Limited stock, on air with a livestream host",
  "channel.soon": "Coming soon",
  "home.live": "Live flash sales",
  "home.liveNow": "Live now",
  "home.liveSoon": "Starting soon",
  "home.liveEnds": "ends {time}",
  "home.liveStarts": "starts {time}",
  "home.liveGo": "Grab it",
  "product.from": "from",
  "product.was": "was",
  "product.perKg": "{price}/kg",
  "product.soldOut": "Sold out",
  "product.lowStock": "Only {count} left",
  "product.inStock": "In stock",
  "product.origin": "Origin",
  "product.storage": "Storage",
  "product.storage.ambient": "Room temperature",
  "product.storage.chilled": "Chilled 0–4 °C",
  "product.shelfLife": "Shelf life",
  "product.shelfLifeDays": "{days} days",
  "product.season": "In season",
  "product.shipping": "How it ships",
  "product.shipping.ambient":
    "Express parcel (or economy if you prefer) from {city}, {province}; leaves the farm within {days} days of payment.",
  "product.shipping.chilled":
    "Cold chain all the way, in an insulated box with ice packs, from {city}, {province}; leaves within {days} days of payment. Not available to remote regions yet.",
  "product.variant": "Pack",
  "product.quantity": "Quantity",
  "product.addToCart": "Add to cart",
  "product.added": "Added to your cart.",
  "product.viewCart": "Go to cart",
  "product.description": "About this product",
  "product.originStory": "Where it grows",
  "product.harvest": "Harvest plan",
  "product.harvestExpected": "About {weight} expected around {date}",
  "product.netWeight": "Net weight {weight}",
  "product.gallery": "Product photos",
  "product.photo": "Photo {n} of {total}",
  "product.soldBy": "Sold by",
  "harvest.planned": "Planned",
  "harvest.growing": "Growing",
  "harvest.harvesting": "Harvesting",
  "harvest.harvested": "Harvested",
  "coop.products": "Products",
  "coop.story": "Our story",
  "coop.contact": "Contact",
  "coop.location": "{city}, {province}",
  "coop.visit": "Visit the shop",
  "cart.title": "Cart",
  "cart.empty": "Your cart is empty.",
  "cart.emptyCta": "Shop what's in season",
  "cart.item": "Item",
  "cart.price": "Price",
  "cart.quantity": "Quantity",
  "cart.lineTotal": "Total",
  "cart.update": "Update",
  "cart.remove": "Remove",
  "cart.subtotal": "Subtotal",
  "cart.weight": "Net weight",
  "cart.shippingNote":
    "Shipping is priced at checkout by weight and destination; each cooperative ships separately and chilled items travel cold chain.",
  "cart.checkout": "Check out",
  "cart.checkoutSoon": "Checkout opens soon",
  "cart.fromCooperative": "Ships from {name}",
  "cart.unavailable": "This item is no longer sold; please remove it.",
  "cart.limited": "Only {count} left; please lower the quantity.",
  "cart.updated": "Cart updated.",
  "cart.removed": "Removed from your cart.",
  "search.title": "Search",
  "search.resultsFor": "Results for “{q}”",
  "search.results": "{count} products",
  "search.none": "Nothing matched. Try another word, or browse a category.",
  "search.submit": "Search",
  "search.label": "Search products",
  "sort.label": "Sort",
  "sort.featured": "Featured",
  "sort.price-asc": "Price: low to high",
  "sort.price-desc": "Price: high to low",
  "sort.per-kg": "Best price per kg",
  "product.moreFrom": "More from {name}",
  "error.quantity": "Enter a whole number from 1 to {max}.",
  "error.quantityAboveStock": "Not enough stock: you can add at most {count} more.",
  "error.cartFull": "A cart holds at most {count} different packs: check out or remove some first.",
  "error.soldOut": "This pack is sold out.",
  "error.variant": "Choose a valid pack.",
  "error.notFoundTitle": "Page not found",
  "error.notFoundBody":
    "The page you are looking for does not exist or is no longer sold. Try a search, or see what's in season on the home page.",
  "error.title": "Something went wrong",
  "error.body":
    "This page could not be shown. Please refresh in a moment; if it keeps happening, contact us.",
  "error.backHome": "Back to home",
  "footer.about":
    "Harvest Live connects farming cooperatives with city households: buy now, presales, group-buys and live flash sales.",
  "footer.rights": "Demo store · all prices in CNY",
  "footer.track": "Track a parcel",
  "month.short": "{m}",
};

const MONTHS_EN = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

const dictionaries: Record<Locale, Record<MessageKey, string>> = { zh, en };

export type TranslateWith<K extends string> = (
  key: K,
  vars?: Record<string, string | number>,
) => string;
export type Translate = TranslateWith<MessageKey>;

/** A translate function over any pair of dictionaries (domains such as the admin keep their own). */
export function makeTranslator<K extends string>(
  dicts: Record<Locale, Record<K, string>>,
  locale: Locale,
): TranslateWith<K> {
  const dict = dicts[locale];
  return (key, vars) =>
    dict[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      vars && name in vars ? String(vars[name]) : whole,
    );
}

export function translator(locale: Locale): Translate {
  return makeTranslator(dictionaries, locale);
}

// Building an Intl formatter costs far more than using one; keep one per locale.
const dayFormats: Record<Locale, Intl.DateTimeFormat> = {
  zh: new Intl.DateTimeFormat("zh-CN", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
  }),
};

/** A calendar date (`YYYY-MM-DD`, no time zone) as "2026年12月8日" / "8 December 2026". */
export function formatDay(isoDate: string, locale: Locale): string {
  return dayFormats[locale].format(new Date(`${isoDate}T00:00:00Z`));
}

export function monthName(month: number, locale: Locale): string {
  return locale === "zh" ? `${month}` : (MONTHS_EN[month - 1] ?? String(month));
}

/** Picks the `${field}Zh` or `${field}En` column of a bilingual row. */
export function pick<F extends string>(
  row: Record<`${F}Zh` | `${F}En`, string>,
  field: F,
  locale: Locale,
): string {
  const zhValue = row[`${field}Zh`];
  const enValue = row[`${field}En`];
  return locale === "en" ? enValue || zhValue : zhValue || enValue;
}
