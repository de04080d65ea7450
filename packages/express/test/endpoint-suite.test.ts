import { type TwinfireOptions, twinfire } from '@twinfire/express';
import { endpointSuite, listen, type StartAdapter } from '@twinfire/testkit';
import express5 from 'express';
import express4 from 'express4';

/** An Express app (5 or 4) with `app.use(twinfire(options))` at its root. */
function expressAdapter(createApp: () => any): StartAdapter {
  return async (options) => {
    const tf = twinfire(options as unknown as TwinfireOptions);
    const app = createApp();
    app.use(tf);
    const site = await listen(app);
    return { url: site.url, tf, close: () => site.close() };
  };
}

endpointSuite(
  'Express 5',
  expressAdapter(() => express5()),
);
endpointSuite(
  'Express 4',
  expressAdapter(() => express4()),
);
