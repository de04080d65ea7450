import type { Page } from 'playwright-core';

/** The Pixel events a walk through the shop fires: a PageView per page, then the funnel. */
export const FUNNEL = ['PageView', 'ViewContent', 'AddToCart', 'InitiateCheckout', 'Purchase', 'Lead'];

/** Walks the funnel: home, product, add to cart, checkout, order, newsletter. Returns the order id. */
export async function walkFunnel(page: Page, shopUrl: string): Promise<string> {
  await page.goto(`${shopUrl}/`);
  await page.goto(`${shopUrl}/products/mug-ember`);
  await page.click('#add-to-cart');
  await page.waitForURL(/\/cart$/);
  await page.click('#checkout');
  await page.waitForURL(/\/checkout$/);
  await page.fill('input[name=email]', ' Jane.Doe@Example.com ');
  await page.fill('input[name=firstName]', 'Jane');
  await page.click('#place-order');
  await page.waitForURL(/\/thank-you\/\d+$/);
  const orderId = page.url().split('/').pop()!;
  await page.goto(`${shopUrl}/`);
  await page.fill('.newsletter input[name=email]', 'jane.doe@example.com');
  await page.click('#subscribe');
  await page.waitForURL(/\/newsletter\/thanks$/);
  return orderId;
}
