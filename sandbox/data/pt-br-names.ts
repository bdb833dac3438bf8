// Brazilian first names and surnames, with the accents real customer bases carry: code that
// slugifies or compares names must survive "João", "Conceição" and "Gonçalves".

export const FEMALE_FIRST_NAMES = [
  'Ana', 'Maria', 'Júlia', 'Beatriz', 'Letícia', 'Fernanda', 'Camila', 'Patrícia', 'Luíza',
  'Mariana', 'Larissa', 'Vitória', 'Gabriela', 'Débora', 'Cecília', 'Lúcia', 'Amanda', 'Bruna',
  'Helena', 'Isabela', 'Sofia', 'Lívia', 'Mônica', 'Natália', 'Raquel', 'Simone', 'Tânia',
  'Vânia', 'Aline', 'Cláudia', 'Juliana', 'Márcia', 'Renata', 'Sílvia', 'Valéria', 'Yasmin',
] as const;

export const MALE_FIRST_NAMES = [
  'João', 'José', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luís', 'Marcos',
  'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo',
  'Sérgio', 'Fábio', 'Vinícius', 'André', 'Otávio', 'Caio', 'Mário', 'Thiago', 'Cícero',
  'Gonçalo', 'Álvaro', 'Heitor', 'Matheus', 'Rogério', 'Túlio', 'Ígor', 'Márcio',
] as const;

export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima',
  'Gomes', 'Ribeiro', 'Carvalho', 'Araújo', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira',
  'Barbosa', 'Rocha', 'Dias', 'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado',
  'Mendes', 'Freitas', 'Cardoso', 'Gonçalves', 'Conceição', 'Magalhães', 'Brandão', 'Assunção',
  'Falcão', 'Guimarães', 'Simões', 'Romão', 'Sá', 'Antônio', 'Damião', 'Estêvão', 'Bragança',
] as const;

export const EMAIL_DOMAINS = [
  'gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br',
  'terra.com.br', 'icloud.com',
] as const;

// Area codes weighted towards where most of the online shoppers are.
export const AREA_CODES = [
  11, 11, 11, 21, 21, 31, 41, 51, 61, 71, 81, 85, 19, 27, 48, 62, 91, 92,
] as const;

const slugs = new Map<string, string>();

/** "Conceição" → "conceicao": e-mail local parts have no accents. Memoised: names repeat. */
export function slugify(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}
