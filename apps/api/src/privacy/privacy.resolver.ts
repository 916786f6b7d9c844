import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import type { Viewer } from '#libs/auth';
import { PrivacyService } from '#libs/privacy';
import { CurrentViewer } from '../auth/auth.decorators.js';

@Resolver()
export class PrivacyResolver {
  constructor(@Inject(PrivacyService) private readonly privacy: PrivacyService) {}

  @Query(() => String, { description: 'Everything the service holds about the viewer and what the viewer entered, as a JSON document (data portability).' })
  exportMyData(@CurrentViewer() viewer: Viewer): Promise<string> {
    return this.privacy.exportMyData(viewer);
  }
}
