/** The EICAR anti-virus test file (eicar.org): harmless, and every scanner refuses it. */
export const EICAR = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*';
export const EICAR_SCANNER = new URL('./fixtures/eicar-scanner.mjs', import.meta.url).pathname;
