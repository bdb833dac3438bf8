// The SMTP sender against a real SMTP server in its own process, over real sockets: what arrives,
// how the pool copes with many messages at once, and how every refusal and outage becomes a value.
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmailSender, OutgoingEmail } from '../../../src/app/email/ports';
import { redactSmtpUrl, SmtpConfigError, smtpSender } from '../../../src/adapters/email/smtp-sender';
import { startSmtpServer, type TestSmtp } from '../../harness/smtp';

let smtp: TestSmtp;
const senders: EmailSender[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  await smtp.refuse(null);
  await smtp.clear();
});
afterAll(async () => {
  await Promise.all(senders.map((sender) => sender.close()));
  await smtp?.close();
});

function senderFor(url: string, options?: Parameters<typeof smtpSender>[1]): EmailSender {
  const sender = smtpSender(url, options);
  senders.push(sender);
  return sender;
}

function email(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  const id = randomUUID();
  return {
    from: '"Loja Demo" <fidelidade@loja.example>',
    to: 'ana@cliente.example',
    subject: 'Você ganhou 120 pontos',
    text: 'Olá Ana,\nvocê ganhou 120 pontos no pedido 1234.\n',
    html: '<p>Olá Ana,</p><p>você ganhou <strong>120 pontos</strong> no pedido 1234.</p>',
    headers: {
      'List-Unsubscribe': `<https://pontua.example/u/${id}?token=${'t'.repeat(60)}>, <mailto:unsubscribe@loja.example?subject=${id}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Pontua-Email-Id': `eml_${id}`,
    },
    messageId: `<${id}@pontua.example>`,
    ...overrides,
  };
}

describe('smtpSender', () => {
  it('delivers the subject, both parts, the Message-ID and the headers as sent', async () => {
    const sender = senderFor(smtp.url);
    const sent = email();
    const result = await sender.send(sent);
    expect(result).toMatchObject({ ok: true, response: expect.stringMatching(/^250 /) });

    const [mail, ...others] = await smtp.messages();
    expect(others).toEqual([]);
    expect(mail).toMatchObject({
      from: 'fidelidade@loja.example',
      to: ['ana@cliente.example'],
      subject: sent.subject,
      messageId: sent.messageId,
    });
    expect(mail!.text.trim()).toBe(sent.text.trim());
    expect(mail!.html.trim()).toBe(sent.html);
    expect(mail!.headers).toMatchObject({
      'message-id': sent.messageId,
      'list-unsubscribe': sent.headers['List-Unsubscribe'],
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
      'x-pontua-email-id': sent.headers['X-Pontua-Email-Id'],
      from: expect.stringContaining('<fidelidade@loja.example>'),
    });
  });

  it('delivers 20 messages sent at once through the pool, each exactly once', async () => {
    const sender = senderFor(smtp.url, { maxConnections: 3 });
    const sent = Array.from({ length: 20 }, (_, index) => email({ to: `member${index}@cliente.example` }));
    const results = await Promise.all(sent.map((message) => sender.send(message)));
    expect(results.filter((result) => !result.ok)).toEqual([]);

    const received = await smtp.messages();
    expect(received.map((mail) => mail.messageId).sort()).toEqual(sent.map((message) => message.messageId).sort());
    expect(new Set(received.map((mail) => mail.to.join())).size).toBe(20);
  });

  it('reports a 5xx to RCPT TO as a permanent failure with the server answer, and delivers nothing', async () => {
    const sender = senderFor(smtp.url);
    await smtp.refuse({ code: 550, message: '5.1.1 <ana@cliente.example>: mailbox does not exist', recipients: ['ANA@cliente.example'] });
    const refused = await sender.send(email());
    expect(refused).toEqual({ ok: false, permanent: true, response: '550 5.1.1 <ana@cliente.example>: mailbox does not exist' });

    // The refusal was about that address only: the pooled connection goes on with the next one.
    const other = await sender.send(email({ to: 'bia@cliente.example' }));
    expect(other.ok).toBe(true);
    expect((await smtp.messages()).map((mail) => mail.to)).toEqual([['bia@cliente.example']]);
  });

  it('reports a 553 as permanent and a 450 or 451 as temporary', async () => {
    const sender = senderFor(smtp.url);
    await smtp.refuse({ code: 553 });
    expect(await sender.send(email())).toMatchObject({ ok: false, permanent: true, response: expect.stringMatching(/^553 /) });
    for (const code of [450, 451] as const) {
      await smtp.refuse({ code });
      expect(await sender.send(email())).toMatchObject({ ok: false, permanent: false, response: expect.stringMatching(new RegExp(`^${code} `)) });
    }
    expect(await smtp.messages()).toEqual([]);
  });

  it('reports a stopped server as a temporary failure at once, and sends again once it is back', async () => {
    // A long timeout: the failure must come from the refused connection, not from waiting it out.
    const sender = senderFor(smtp.url, { timeoutMs: 120_000 });
    expect((await sender.send(email())).ok).toBe(true);

    await smtp.stop();
    try {
      const down = await sender.send(email());
      expect(down).toMatchObject({ ok: false, permanent: false });
      // Refused when the pool opens a new connection; reset if it still held the old one.
      expect(down.response).toMatch(/ECONNREFUSED|ECONNRESET|EPIPE|ECONNECTION/);
      expect(down.response).not.toMatch(/ETIMEDOUT/);
    } finally {
      await smtp.restart();
    }
    const back = email();
    expect(await sender.send(back)).toMatchObject({ ok: true });
    expect((await smtp.messages()).map((mail) => mail.messageId)).toContain(back.messageId);
  });

  it('notices a server that accepts the connection and never greets', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const address = silent.address();
      if (typeof address !== 'object' || address === null) throw new Error('no address');
      const sender = senderFor(`smtp://127.0.0.1:${address.port}`, { timeoutMs: 300 });
      const result = await sender.send(email());
      expect(result).toMatchObject({ ok: false, permanent: false, response: expect.stringMatching(/ETIMEDOUT/) });
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('keeps the credentials of the URL out of every answer', async () => {
    const user = 'relay-user@loja.example';
    const pass = 's3cr3t:p@ss/word';
    const url = `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${smtp.port}`;
    const sender = senderFor(url);
    // A server that quotes the account in its refusal, as relays do for a sender they do not allow.
    await smtp.refuse({ code: 550, message: `5.7.1 ${user} (password ${pass}) may not send to this address` });
    const refused = await sender.send(email());
    expect(refused).toMatchObject({ ok: false, permanent: true });
    await smtp.stop();
    const down = await sender.send(email());
    await smtp.restart();
    expect(down).toMatchObject({ ok: false, permanent: false });

    for (const result of [refused, down]) {
      expect(result.response).not.toContain(user);
      expect(result.response).not.toContain(pass);
      expect(result.response).not.toContain(encodeURIComponent(pass));
    }
    expect(refused.response).toMatch(/^550 5\.7\.1 \*\*\* /);
    expect(redactSmtpUrl(url)).toBe(`smtp://***@127.0.0.1:${smtp.port}`);
  });

  it('refuses a URL it cannot use at start-up, without echoing its password', () => {
    expect(() => smtpSender('http://mail.example')).toThrow(SmtpConfigError);
    expect(() => smtpSender('smtp://user:hunter22@mail.example?pool=false')).toThrow(/pool=false is not supported.*smtp:\/\/\*\*\*@mail\.example/);
    expect(() => smtpSender('smtp://user:hunter22@mail.example?pool=false')).not.toThrow(/hunter22/);
  });
});
