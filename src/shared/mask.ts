/** Personal numbers as screens and logs show them unless an admin asks for the full value (which is audited). */

/** A number masked already (a desk station holds its copy masked) is shown as it is, never masked twice. */
const masked = (text: string) => text.includes('*');

export function maskPhone(phone: string | null): string | null {
  if (phone === null || phone === '' || masked(phone)) return phone;
  const digits = phone.replace(/^\+/, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  if (phone.startsWith('+')) {
    // The three codes the desk sees most are shown; other country codes vary in length and are masked with the rest.
    const country = ['852', '853', '886'].find((c) => digits.startsWith(c));
    const rest = country ? digits.slice(country.length) : digits;
    return `+${country ? `${country} ` : ''}${'*'.repeat(Math.max(0, rest.length - 4))}${rest.slice(-4)}`;
  }
  const keepHead = digits.length >= 11 ? 3 : 0;
  return `${digits.slice(0, keepHead)}${'*'.repeat(digits.length - keepHead - 4)}${digits.slice(-4)}`;
}

export function maskDocument(number: string | null): string | null {
  if (number === null || number === '' || masked(number)) return number;
  if (number.length <= 4) return '*'.repeat(number.length);
  const keep = number.length >= 12 ? 3 : 1;
  return `${number.slice(0, keep)}${'*'.repeat(number.length - keep - 3)}${number.slice(-3)}`;
}
