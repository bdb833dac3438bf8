// Money as the sandbox shows it to people: pages and refusal messages speak Brazilian reais.

/** Integer cents as Brazilian reais ("R$ 1.234,50"). */
export function reais(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}R$ ${whole},${String(abs % 100).padStart(2, '0')}`;
}
