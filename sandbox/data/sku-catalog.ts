// A small catalog the seeded orders buy from. Later modules (Catalog, checkout, promotions)
// serve and sell these same SKUs, so order items, SKU lookups and prices always agree.

import { Prng } from './prng';

export interface Sku {
  /** VTEX SKU ids are int32. */
  id: number;
  productId: number;
  name: string;
  productName: string;
  refId: string;
  ean: string;
  brandId: number;
  brandName: string;
  categoryId: number;
  categoryName: string;
  /** Integer cents, like VTEX order prices. */
  listPrice: number;
  price: number;
  isActive: boolean;
  detailUrl: string;
  imageUrl: string;
  /** grams and centimetres, integers as in the order's additionalInfo.dimension */
  weight: number;
  height: number;
  width: number;
  length: number;
}

interface ProductFamily {
  category: string;
  categoryId: number;
  names: readonly string[];
  variants: readonly string[];
  priceRange: readonly [number, number];
}

const FAMILIES: readonly ProductFamily[] = [
  { category: 'Camisetas', categoryId: 11, names: ['Camiseta Básica Algodão', 'Camiseta Estampada Praia', 'Regata Fitness'], variants: ['P', 'M', 'G', 'GG'], priceRange: [3990, 12990] },
  { category: 'Calçados', categoryId: 12, names: ['Tênis Corrida Leve', 'Sandália Couro Clássica', 'Chinelo Confortável'], variants: ['37', '38', '39', '40', '41', '42'], priceRange: [4990, 49990] },
  { category: 'Cozinha', categoryId: 21, names: ['Panela Antiaderente', 'Jogo de Facas Inox', 'Cafeteira Elétrica', 'Liquidificador Potência'], variants: ['Preto', 'Inox', 'Vermelho'], priceRange: [5990, 69990] },
  { category: 'Beleza', categoryId: 31, names: ['Perfume Floral', 'Hidratante Corporal Maçã', 'Protetor Solar FPS 50', 'Sabonete Líquido Açaí'], variants: ['100 ml', '200 ml', '400 ml'], priceRange: [1990, 29990] },
  { category: 'Esportes', categoryId: 41, names: ['Bola de Futebol Oficial', 'Tabela de Basquete', 'Garrafa Térmica', 'Tapete de Ioga'], variants: ['Azul', 'Verde', 'Preto'], priceRange: [2990, 89990] },
  { category: 'Eletrônicos', categoryId: 51, names: ['Fone de Ouvido Bluetooth', 'Caixa de Som Portátil', 'Carregador Rápido USB-C'], variants: ['Branco', 'Preto'], priceRange: [4990, 59990] },
];

const BRANDS = ['Lumiar', 'Aurora', 'Cajuína', 'Boreal', 'Jangada', 'Pitanga', 'Ipê'] as const;

export class SkuCatalog {
  private readonly skus: Sku[];
  private readonly skusById = new Map<number, Sku>();

  constructor(seed: number, host: string, size = 240) {
    this.skus = [];
    const random = Prng.for(seed, 0, 0x5c0);
    for (let i = 0; i < size; i += 1) {
      const family = FAMILIES[i % FAMILIES.length] ?? FAMILIES[0];
      if (!family) break;
      const productName = random.pick(family.names);
      const variant = random.pick(family.variants);
      const brandIndex = random.int(BRANDS.length);
      const [minPrice, maxPrice] = family.priceRange;
      // Prices end in 90 cents, like most Brazilian shop prices.
      const listPrice = Math.round(random.between(minPrice, maxPrice) / 100) * 100 - 10;
      const onSale = random.chance(0.3);
      const price = onSale ? Math.round((listPrice * random.between(70, 95)) / 10000) * 100 - 10 : listPrice;
      const id = 1000 + i * 7 + random.int(7);
      const productId = 500 + i;
      const slug = `${productName}-${variant}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const sku: Sku = {
        id,
        productId,
        name: `${productName} ${variant}`,
        productName,
        refId: `REF-${productId}-${i % 10}`,
        ean: String(7890000000000 + id),
        brandId: 2000000 + brandIndex,
        brandName: BRANDS[brandIndex] ?? 'Lumiar',
        categoryId: family.categoryId,
        categoryName: family.category,
        listPrice,
        price: Math.max(990, price),
        isActive: random.chance(0.97),
        detailUrl: `/${slug}/p`,
        imageUrl: `https://${host}.vteximg.com.br/arquivos/ids/${100000 + id}-55-55/${slug}.jpg`,
        weight: random.between(100, 5000),
        height: random.between(2, 60),
        width: random.between(5, 60),
        length: random.between(5, 80),
      };
      this.skus.push(sku);
      this.skusById.set(sku.id, sku);
    }
  }

  get size(): number {
    return this.skus.length;
  }

  all(): readonly Sku[] {
    return this.skus;
  }

  atIndex(index: number): Sku | undefined {
    return this.skus[index];
  }

  get(id: number): Sku | undefined {
    return this.skusById.get(id);
  }
}
