// A customer's delivery address, a pure function of (seed, customer index), so every order of
// the same customer ships to the same place.

import { Prng } from './prng';

export interface Address {
  postalCode: string;
  city: string;
  state: string;
  country: 'BRA';
  street: string;
  number: string;
  neighborhood: string;
  complement: string;
  /** [longitude, latitude], the order the VTEX order document uses. */
  geoCoordinates: [number, number];
}

const CITIES = [
  { city: 'São Paulo', state: 'SP', cep: '01', lat: -23.55, lng: -46.63, hoods: ['Pinheiros', 'Moóca', 'Vila Mariana', 'Santana', 'Itaim Bibi'] },
  { city: 'Rio de Janeiro', state: 'RJ', cep: '22', lat: -22.91, lng: -43.17, hoods: ['Copacabana', 'Tijuca', 'Botafogo', 'Méier'] },
  { city: 'Belo Horizonte', state: 'MG', cep: '30', lat: -19.92, lng: -43.94, hoods: ['Savassi', 'Funcionários', 'Pampulha'] },
  { city: 'Curitiba', state: 'PR', cep: '80', lat: -25.43, lng: -49.27, hoods: ['Batel', 'Água Verde', 'Santa Felicidade'] },
  { city: 'Porto Alegre', state: 'RS', cep: '90', lat: -30.03, lng: -51.23, hoods: ['Moinhos de Vento', 'Petrópolis', 'Menino Deus'] },
  { city: 'Salvador', state: 'BA', cep: '40', lat: -12.97, lng: -38.5, hoods: ['Barra', 'Pituba', 'Rio Vermelho'] },
  { city: 'Recife', state: 'PE', cep: '50', lat: -8.05, lng: -34.88, hoods: ['Boa Viagem', 'Casa Forte', 'Graças'] },
  { city: 'Fortaleza', state: 'CE', cep: '60', lat: -3.73, lng: -38.52, hoods: ['Aldeota', 'Meireles', 'Benfica'] },
  { city: 'Brasília', state: 'DF', cep: '70', lat: -15.79, lng: -47.88, hoods: ['Asa Sul', 'Asa Norte', 'Lago Sul'] },
  { city: 'Goiânia', state: 'GO', cep: '74', lat: -16.68, lng: -49.25, hoods: ['Setor Bueno', 'Setor Marista'] },
] as const;

const STREETS = [
  'Rua das Acácias', 'Avenida Paulista', 'Rua São João', 'Rua Conceição', 'Avenida Brasil',
  'Rua Sete de Setembro', 'Travessa do Comércio', 'Rua Barão de Itapetininga', 'Alameda Santos',
  'Rua Dom Pedro II', 'Avenida Getúlio Vargas', 'Rua Tiradentes',
] as const;

export function addressFor(seed: number, customerIndex: number): Address {
  const random = Prng.for(seed, customerIndex, 0xadd);
  const place = random.pick(CITIES);
  return {
    postalCode: `${place.cep}${String(random.int(1_000_000)).padStart(6, '0')}`,
    city: place.city,
    state: place.state,
    country: 'BRA',
    street: random.pick(STREETS),
    number: String(random.between(1, 3999)),
    neighborhood: random.pick(place.hoods),
    complement: random.chance(0.4) ? `Apto ${random.between(11, 184)}` : '',
    geoCoordinates: [round4(place.lng + (random.float() - 0.5) / 10), round4(place.lat + (random.float() - 0.5) / 10)],
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
