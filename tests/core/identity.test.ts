import { describe, expect, it } from 'vitest';
import { checkDocument, checkMainlandId, gb11643CheckDigit, normalisePhone } from '../../src/shared/identity';
import { maskDocument, maskPhone } from '../../src/shared/mask';

describe('mainland resident ID numbers', () => {
  it('accepts a published valid example, with a lower-case x or full-width digits', () => {
    expect(checkMainlandId('11010519491231002X')).toEqual({ value: '11010519491231002X', problem: null });
    expect(checkMainlandId('11010519491231002x')).toEqual({ value: '11010519491231002X', problem: null });
    expect(checkMainlandId('１１０１０５１９４９１２３１００２Ｘ').problem).toBeNull();
  });

  it('flags a number Excel showed in scientific notation', () => {
    expect(checkMainlandId('4.30102E+17').problem).toBe('id_scientific_notation');
  });

  it('flags a number whose last digits Excel turned to 000', () => {
    expect(checkMainlandId('430102198503127000').problem).toBe('id_excel_truncated');
  });

  it('flags a wrong check digit, an impossible birth date and a wrong length', () => {
    expect(checkMainlandId('110105194912310021').problem).toBe('id_bad_check_digit');
    const feb30 = `43010219850230123`;
    expect(checkMainlandId(feb30 + gb11643CheckDigit(feb30)).problem).toBe('id_bad_date');
    expect(checkMainlandId('4301021985').problem).toBe('id_bad_length');
  });

  it('recognises an old 15-digit number', () => {
    expect(checkMainlandId('430102850312123').problem).toBe('id_legacy_15');
  });
});

describe('permits and passports', () => {
  it('checks Hong Kong/Macao and Taiwan travel permits by their format', () => {
    expect(checkDocument('hk_mo_permit', 'h1234 5678')).toEqual({ value: 'H12345678', problem: null });
    expect(checkDocument('hk_mo_permit', 'X12345678').problem).toBe('permit_bad_format');
    expect(checkDocument('tw_permit', '12345678').problem).toBeNull();
    expect(checkDocument('tw_permit', '1234').problem).toBe('permit_bad_format');
    expect(checkDocument('passport', 'e1234567').value).toBe('E1234567');
    expect(checkDocument('passport', '€?').problem).toBe('passport_bad_format');
  });
});

describe('phone numbers', () => {
  it('normalises mainland mobiles typed with full-width digits, spaces, dashes and +86', () => {
    for (const raw of ['13812345678', '138 1234 5678', '+86 138-1234-5678', '0086 13812345678', '８６１３８１２３４５６７８', '（+86）13812345678']) {
      expect(normalisePhone(raw), raw).toEqual({ value: '13812345678', valid: true, region: 'mainland' });
    }
  });

  it('keeps the country code of Hong Kong, Macao, Taiwan and abroad', () => {
    expect(normalisePhone('+852 9123 4567')).toEqual({ value: '+85291234567', valid: true, region: 'hong_kong' });
    expect(normalisePhone('+853 6612 3456')).toEqual({ value: '+85366123456', valid: true, region: 'macao' });
    expect(normalisePhone('0912-345-678')).toEqual({ value: '+886912345678', valid: true, region: 'taiwan' });
    expect(normalisePhone('+44 20 7946 0958')).toEqual({ value: '+442079460958', valid: true, region: 'abroad' });
  });

  it('says a number is not valid instead of guessing', () => {
    expect(normalisePhone('12345').valid).toBe(false);
    expect(normalisePhone('call me').valid).toBe(false);
    expect(normalisePhone('  ')).toEqual({ value: null, valid: false, region: null });
  });
});

describe('masking personal numbers', () => {
  it('masks a mainland ID and mobile as the desk shows them', () => {
    expect(maskDocument('430102198503121234')).toBe('430************234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks permits and international numbers, keeping only enough to confirm', () => {
    expect(maskDocument('H12345678')).toBe('H*****678');
    expect(maskPhone('+85291234567')).toBe('+852 ****4567');
    expect(maskPhone('+442079460958')).toBe('+********0958');
    expect(maskPhone(null)).toBeNull();
  });

  it('shows a number a desk holds masked already as it is, never masked twice', () => {
    for (const phone of ['13812345678', '+85291234567', '+442079460958']) expect(maskPhone(maskPhone(phone))).toBe(maskPhone(phone));
    for (const doc of ['430102198503121234', 'H12345678']) expect(maskDocument(maskDocument(doc))).toBe(maskDocument(doc));
  });
});
