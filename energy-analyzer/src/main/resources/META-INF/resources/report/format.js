/*
 * How the report page writes figures: energy in J, kJ, MJ or GJ, power in W, kW or MW, times in s, min
 * or h, with four significant digits. ReportPageTest runs these functions in the browser against its
 * own copy of the rule, then compares the page's table with the API through that copy.
 */

/** [factor, unit] lists, largest first. */
export const ENERGY_UNITS = [[1e9, 'GJ'], [1e6, 'MJ'], [1e3, 'kJ'], [1, 'J']];
export const POWER_UNITS = [[1e6, 'MW'], [1e3, 'kW'], [1, 'W']];
export const TIME_UNITS = [[3600, 'h'], [60, 'min'], [1, 's']];

/** [factor, unit]: the largest unit the magnitude reaches, else the smallest. */
export function unitFor(value, units) {
  return units.find(([factor]) => Math.abs(value) >= factor) || units[units.length - 1];
}

/** Four significant digits for magnitudes below 1000: 250.0, 14.67, 4.000. */
function fourDigits(value) {
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude >= 100 ? 1 : magnitude >= 10 ? 2 : 3);
}

/** "14.67 kJ", "250.0 W", "5.833 min"; null for no figure. */
export function quantity(value, units) {
  if (value == null) {
    return null;
  }
  let [factor, unit] = unitFor(value, units);
  let text = fourDigits(value / factor);
  const larger = units.findIndex(([, u]) => u === unit) - 1;
  if (larger >= 0 && Math.abs(Number(text)) * factor >= units[larger][0]) { // 999.99 J rounds to "1000.0": say 1.000 kJ
    [factor, unit] = units[larger];
    text = fourDigits(value / factor);
  }
  return text + ' ' + unit;
}

/** 2026-11-02 08:00:00 from an ISO instant (UTC). */
export function utc(instant) {
  return instant.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}
