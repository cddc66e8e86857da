// Russian mobile operators: the registry's legal names, the brand names users see, and their MCC/MNC.
import { simplify } from './mcc-mnc-matcher.ts';
import type { Language } from './number-info.ts';

/** A Russian operator as the numbering registry and ported-number lists name it. */
export interface RussianOperator {
  /** The brand in each language. */
  names: Readonly<Record<Language, string>>;
  /** MCC 250 followed by the MNC of its network. */
  mccmnc: string;
  /** Legal names in the registry's Оператор column, without the legal form (ПАО, ООО, АО, …). */
  legalNames: readonly string[];
}

// Every MCC/MNC below is listed in mcc-mnc-list 1.1.11 for that operator; 25039 (Rostelecom) is listed but
// marked not operational there. docs/numbering.md keeps this table for operators.
/** The operators the gateway names by brand; others keep their registry name and no MCC/MNC. */
export const RUSSIAN_OPERATORS: readonly RussianOperator[] = [
  { names: { ru: 'МТС', en: 'MTS' }, mccmnc: '25001', legalNames: ['Мобильные ТелеСистемы', 'МТС'] },
  { names: { ru: 'МегаФон', en: 'MegaFon' }, mccmnc: '25002', legalNames: ['МегаФон'] },
  { names: { ru: 'Билайн', en: 'Beeline' }, mccmnc: '25099', legalNames: ['Вымпел-Коммуникации', 'ВымпелКом'] },
  // The brand became t2 in 2024; the name stays Tele2, as libphonenumber's carrier data and mcc-mnc-list spell it.
  { names: { ru: 'Tele2', en: 'Tele2' }, mccmnc: '25020', legalNames: ['Т2 Мобайл'] },
  { names: { ru: 'Yota', en: 'Yota' }, mccmnc: '25011', legalNames: ['Скартел'] },
  { names: { ru: 'Мотив', en: 'Motiv' }, mccmnc: '25035', legalNames: ['ЕКАТЕРИНБУРГ-2000'] },
  { names: { ru: 'Ростелеком', en: 'Rostelecom' }, mccmnc: '25039', legalNames: ['Ростелеком'] },
  { names: { ru: 'Т-Мобайл', en: 'T-Mobile (Tinkoff)' }, mccmnc: '25062', legalNames: ['Тинькофф Мобайл', 'Т-Мобайл'] },
  { names: { ru: 'СберМобайл', en: 'SberMobile' }, mccmnc: '25050', legalNames: ['СберМобайл'] },
  { names: { ru: 'ВТБ Мобайл', en: 'VTB Mobile' }, mccmnc: '25026', legalNames: ['ВТБ Мобайл'] },
  { names: { ru: 'Win mobile', en: 'Win mobile' }, mccmnc: '25032', legalNames: ['К-Телеком'] },
  { names: { ru: 'Летай', en: 'Letai' }, mccmnc: '25027', legalNames: ['Таттелеком'] },
  { names: { ru: 'Волна мобайл', en: 'Volna mobile' }, mccmnc: '25060', legalNames: ['КТК ТЕЛЕКОМ'] },
];

// The legal form in front of a Russian company name, abbreviated or spelled out.
const LEGAL_FORM =
  /^(?:(?:публичное|открытое|закрытое|непубличное)\s+)?акционерное\s+общество\s+|^общество\s+с\s+ограниченной\s+ответственностью\s+|^(?:пао|оао|зао|нао|ао|ооо|фгуп|гуп|муп)\s+/iu;

const BY_LEGAL_NAME = new Map(RUSSIAN_OPERATORS.flatMap((operator) => operator.legalNames.map((name) => [simplify(name), operator] as const)));
const BY_MCCMNC = new Map(RUSSIAN_OPERATORS.map((operator) => [operator.mccmnc, operator] as const));

/** The operator a registry Оператор value names ('ПАО "Мобильные ТелеСистемы"' → МТС), if it is in the table. */
export function operatorByLegalName(legalName: string): RussianOperator | undefined {
  const withoutForm = legalName.replace(/["«»'„“”]/g, ' ').trim().replace(LEGAL_FORM, '');
  return BY_LEGAL_NAME.get(simplify(withoutForm));
}

/** The operator whose network is `mccmnc`, if it is in the table. */
export function operatorByMccMnc(mccmnc: string): RussianOperator | undefined {
  return BY_MCCMNC.get(mccmnc);
}
