import { Body, Controller, Get, Header, Inject, Post, Query, Res } from '@nestjs/common';
import { DomainError } from '#libs/common';
import { PrivacyService } from '#libs/privacy';
import { Public } from '../auth/auth.decorators.js';

interface Reply {
  status(code: number): Reply;
  send(body: string): void;
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;max-width:36em;margin:2em auto;line-height:1.5"><h1>${title}</h1>${body}</body></html>`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Where the objection link in a first message lands. Opening the link only shows a page; the
 * removal happens when the person presses the button (a POST), so mail scanners that follow
 * links cannot remove anyone.
 */
@Controller('privacy/object')
export class ObjectionController {
  constructor(@Inject(PrivacyService) private readonly privacy: PrivacyService) {}

  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(@Query('token') token: unknown): string {
    return page(
      'Remove your details from Backr',
      `<p>Someone you know recorded your contact details so that they could arrange introductions you agree to.</p>` +
        `<p>If you press the button, the records that hold the address this message came to are removed, and nobody can add you with that address again.</p>` +
        `<form method="post"><input type="hidden" name="token" value="${escape(typeof token === 'string' ? token : '')}"><button type="submit">Remove my details</button></form>`,
    );
  }

  @Public()
  @Post()
  async object(@Body() body: { token?: unknown }, @Res() res: Reply): Promise<void> {
    try {
      const scope = await this.privacy.objectWithLink(typeof body?.token === 'string' ? body.token : '');
      res
        .status(200)
        .send(
          scope === 'ALL'
            ? page('Your details have been removed', '<p>Everything recorded about you has been removed. Nobody can add or import you again.</p>')
            : page(
                'Your details have been removed',
                '<p>The records that held this address have been removed, and nobody can add you with it again.</p>' +
                  '<p>Other people may have recorded you in other ways (for example by phone number). We will review those ourselves and remove them if they are about you; ' +
                  `if you want to be sure, write to us and we will confirm.</p>`,
              ),
        );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(400).send(page('This link cannot be used', `<p>${escape(error.message)}</p>`));
    }
  }
}
