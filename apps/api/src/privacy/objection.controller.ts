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
        `<p>If you press the button, your details and everything recorded about you are removed, and nobody can add you again.</p>` +
        `<form method="post"><input type="hidden" name="token" value="${escape(typeof token === 'string' ? token : '')}"><button type="submit">Remove my details</button></form>`,
    );
  }

  @Public()
  @Post()
  async object(@Body() body: { token?: unknown }, @Res() res: Reply): Promise<void> {
    try {
      await this.privacy.objectWithLink(typeof body?.token === 'string' ? body.token : '');
      res.status(200).send(page('Your details have been removed', '<p>Nobody can add or import you again.</p>'));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res.status(400).send(page('This link cannot be used', `<p>${escape(error.message)}</p>`));
    }
  }
}
