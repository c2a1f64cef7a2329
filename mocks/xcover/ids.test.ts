import { newCancellationId, newQuotePackageId, newSecurityToken, newUpdateId } from './ids';

test('ids have the recorded formats', () => {
  for (let attempt = 0; attempt < 200; attempt++) {
    expect(newQuotePackageId()).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}-INS$/);
    expect(newUpdateId()).toMatch(/^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-UPD$/);
    expect(newCancellationId()).toMatch(/^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-CCL$/);
    expect(newSecurityToken()).toMatch(/^[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}-[0-9A-Za-z]{5}$/);
  }
});
