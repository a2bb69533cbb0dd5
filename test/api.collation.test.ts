import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './helpers/app.js';
import { login, moderate, postComment } from './helpers/http.js';

// Issue 8 point 14: names and texts compared as WordPress's utf8mb4_unicode_ci collation does.
let app: TestApp;
let cookie: string;
beforeAll(async () => {
  app = await startApp();
  cookie = await login(app);
});
afterAll(() => app.close());

describe('same person, same text, as WordPress\'s database compares them', () => {
  it('when «Ahmed Ali» was approved, then «ahmed ali» with the same email is approved at once as previously approved', async () => {
    const first = await postComment(app, { name: 'Ahmed Ali', email: 'ahmed@example.com', content: 'أول تعليق' });
    expect(first.body.comment.status).toBe('pending');
    await moderate(app, cookie, first.body.comment.id, 'approve');
    const again = await postComment(app, { name: 'ahmed ali', email: 'Ahmed@Example.com', content: 'تعليق ثان' });
    expect(again.body.comment.status).toBe('approved');
  });

  it('when the approved name carries tashkeel, then the same name without it counts as the same author; أ against ا does not', async () => {
    const first = await postComment(app, { name: 'مُحَمَّد', email: 'mohammed@example.com', content: 'سلام' });
    await moderate(app, cookie, first.body.comment.id, 'approve');
    expect((await postComment(app, { name: 'محمد', email: 'mohammed@example.com', content: 'سلام ثان' })).body.comment.status).toBe('approved');

    const asmaa = await postComment(app, { name: 'أسماء', email: 'asmaa@example.com', content: 'مرحباً' });
    await moderate(app, cookie, asmaa.body.comment.id, 'approve');
    expect((await postComment(app, { name: 'اسماء', email: 'asmaa@example.com', content: 'مرحباً ثانية' })).body.comment.status).toBe('pending');
  });

  it('when the same author repeats a text in another case or without tashkeel on the same page, then it is a duplicate (409)', async () => {
    const author = { page: '/dup-collation', name: 'Laila', email: 'laila@example.com' };
    expect((await postComment(app, { ...author, content: 'Hello There Friends' })).status).toBe(201);
    const again = await postComment(app, { ...author, name: 'LAILA', content: 'hello there friends' }, { 'accept-language': 'en' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('duplicate');
    expect((await postComment(app, { ...author, content: 'شُكْراً جَزِيلاً' })).status).toBe(201);
    expect((await postComment(app, { ...author, content: 'شكرا جزيلا' })).status).toBe(409);
    expect((await postComment(app, { ...author, content: 'شكرا جزيلا لك' })).status).toBe(201);
  });
});
