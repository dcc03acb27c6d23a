/**
 * The report flow's part of the composition root (issue 11): the photo store under MEDIA_DIR,
 * the geocoder (GEOCODER_URL), the case service and the dialogue hooks.
 */
import type { ChannelPort } from './channels/channel.js';
import type { Config } from './config.js';
import type { Clock } from './lib/clock.js';
import type { Logger } from './lib/log.js';
import { createCaseService, type CaseService } from './modules/cases/case.service.js';
import { createPhotoStore, type PhotoStore } from './modules/cases/photo.store.js';
import { createHttpGeocoder, NO_GEOCODER, type Geocoder } from './modules/reports/geocoder.js';
import { createReportService, type ReportHooks } from './modules/reports/report.service.js';
import type { StaffServices } from './staff.container.js';

export interface Reports {
  cases: CaseService;
  photos: PhotoStore;
  geocoder: Geocoder;
  hooks: ReportHooks;
}

export function createReports(o: { config: Config; clock: Clock; log: Logger; channel: ChannelPort; staff: StaffServices }): Reports {
  const { config } = o;
  const photos = createPhotoStore(config.mediaDir);
  const geocoder = config.maps.geocoderUrl ? createHttpGeocoder({ url: config.maps.geocoderUrl, log: o.log }) : NO_GEOCODER;
  const cases = createCaseService({ clock: o.clock, timeZone: config.townTimezone, responsibility: o.staff.responsibility, notifications: o.staff.notifications });
  const hooks = createReportService({ channel: o.channel, photos, geocoder, cases, timeZone: config.townTimezone, log: o.log });
  return { cases, photos, geocoder, hooks };
}
