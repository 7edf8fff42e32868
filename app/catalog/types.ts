import type { Category, StorageClass } from "../../db/schema";
import type { ImageRef } from "../media/images";

export interface ProductCard {
  id: string;
  slug: string;
  name: string;
  category: Category;
  storageClass: StorageClass;
  seasonMonths: number[];
  cooperative: { slug: string; name: string };
  provinceCode: string;
  city: string;
  fromPriceFen: number | null;
  compareAtFen: number | null;
  pricePerKgFen: number | null;
  available: number;
  image: ImageRef | null;
}
