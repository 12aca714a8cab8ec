/**
 * The console in real Chromium under Apache + mod_passenger at the sub-URI /filamenta (as cPanel
 * mounts an application in a sub-folder), on PostgreSQL.
 */
import { describeWithApache } from '../support/apache.ts';
import { describeWithChromium } from '../support/browser.ts';
import { freshPassengerSite, passengerSite } from '../support/console-site.ts';
import { provisionDatabase } from '../support/databases.ts';
import { describeEachDatabase } from '../support/matrix.ts';
import { consoleScenarios } from './scenarios.ts';

describeWithChromium('the console in Chromium', () => {
  describeWithApache('Passenger at /filamenta', () => {
    describeEachDatabase(
      'on a database server',
      (type) => {
        consoleScenarios(
          async () => {
            const db = await provisionDatabase(type);
            const site = await passengerSite(db);
            return {
              ...site,
              stop: async () => {
                await site.stop();
                await db.drop();
              },
            };
          },
          'passenger',
          // The pages alone are covered on Node; here, what the sub-URI and PostgreSQL change.
          ['core'],
          async (env) => {
            const db = await provisionDatabase(type);
            const site = await freshPassengerSite(db, env).catch(async (error: unknown) => {
              await db.drop();
              throw error;
            });
            return {
              ...site,
              stop: async () => {
                await site.stop();
                await db.drop();
              },
            };
          },
        );
      },
      ['postgresql'],
    );
  });
});
