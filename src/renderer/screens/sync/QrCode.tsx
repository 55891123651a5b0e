/** A QR symbol from its modules ('1' dark, row by row), drawn as SVG with its quiet zone: crisp at any size and in screenshots. */
export function QrCode({ size, dark, label, px = 256 }: { size: number; dark: string; label: string; px?: number }) {
  const quiet = 4;
  const whole = size + quiet * 2;
  let path = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (dark[row * size + col] !== '1') {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark[row * size + col] === '1') col++;
      path += `M${start + quiet} ${row + quiet}h${col - start}v1h${start - col}z`;
    }
  }
  return (
    <svg className="qr-code" role="img" aria-label={label} width={px} height={px} viewBox={`0 0 ${whole} ${whole}`} shapeRendering="crispEdges">
      <rect width={whole} height={whole} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
