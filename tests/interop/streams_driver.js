// Drives the official @iota/streams@1.2.1 client (node build) against a node.
//
//   node streams_driver.js URL roundtrip single|multi|depth SEED
//       Author and three subscribers run a channel of that type through
//       announce, subscribe, unsubscribe, keyload, signed and tagged packets;
//       prints what each reader received, as JSON.
//   node streams_driver.js URL write SEED        writes a channel, prints its links
//   node streams_driver.js URL read SEED ANNOUNCE_LINK
//       a new Subscriber with the same seed as `write`'s subscriber A reads it all
//   node streams_driver.js URL pow SEED
//       an Author whose client mines locally (for a node with a min PoW score)
//       announces and sends a signed packet; a subscriber reads it
//   node streams_driver.js URL bench SEED N
//       times N signed packets sent by an Author and fetched by a Subscriber
//   node streams_driver.js URL channel-bench SEED N
//       an Author announces, accepts a subscriber and sends a keyload, then
//       times N signed packets; a fresh copy of that subscriber then times
//       reading the channel from scratch with a fetchNextMsgs loop
//
// Each call consumes the JS handle of a user (wasm-bindgen moves `self`), so
// calls go through clone(), which shares the user's state.
// Wasm trap (chrysalis-node-api.md): a subscriber left out of a keyload dies
// if it fetches past it, so that one is only probed with receive_keyload.
'use strict';
const streams = require('@iota/streams/node');

const [url, mode, ...args] = process.argv.slice(2);
const TYPES = { single: streams.ChannelType.SingleBranch,
                multi: streams.ChannelType.MultiBranch,
                depth: streams.ChannelType.SingleDepth };

const options = () => new streams.SendOptions(url, false);
const bytes = (text) => new Uint8Array(Buffer.from(text));
const text = (array) => Buffer.from(array).toString();
const addr = (link) => streams.Address.parse(link);

// Every message a user can read from here on, in order, as {public, masked}.
async function readAll(user) {
  const got = [];
  for (;;) {
    const next = await user.clone().fetchNextMsg();
    if (next === undefined) return got;
    if (next.message) {
      got.push({ link: next.link.toString(),
                 public: text(next.message.get_public_payload()),
                 masked: text(next.message.get_masked_payload()) });
    }
  }
}

async function subscribe(author, seed, announce) {
  const sub = new streams.Subscriber(seed, options());
  await sub.clone().receive_announcement(addr(announce));
  const link = (await sub.clone().send_subscribe(addr(announce))).link.toString();
  await author.clone().receive_subscribe(addr(link));
  return { sub, link };
}

async function roundtrip(type, seed) {
  const author = new streams.Author(seed + '-author', options(), TYPES[type]);
  const announce = (await author.clone().send_announce()).link.toString();
  const a = await subscribe(author, seed + '-a', announce);
  const b = await subscribe(author, seed + '-b', announce);
  // C subscribes, then leaves: the keyload must not include it.
  const c = await subscribe(author, seed + '-c', announce);
  const unsubscribe = (await c.sub.clone().send_unsubscribe(addr(c.link))).link.toString();
  await author.clone().receive_unsubscribe(addr(unsubscribe));

  const keyload = (await author.clone().send_keyload_for_everyone(addr(announce))).link.toString();
  // Single-branch and single-depth packets link to the last message and the
  // keyload (the anchor) respectively; multi-branch packets to the keyload.
  const signed = (await author.clone().send_signed_packet(
    addr(keyload), bytes('signed public'), bytes('signed masked'))).link.toString();
  const tagged = (await author.clone().send_tagged_packet(
    addr(type === 'single' ? signed : keyload), bytes('tagged public'),
    bytes('tagged masked'))).link.toString();

  const result = { announce, subscribe: [a.link, b.link, c.link], unsubscribe, keyload,
                   signed, tagged };
  result.a = await readAll(a.sub);
  result.b = await readAll(b.sub);
  result.cInKeyload = await c.sub.clone().receive_keyload(addr(keyload));
  if (type !== 'depth') {
    // A subscriber writes back, and the author and B read it.
    const last = type === 'single' ? tagged : keyload;
    result.fromA = (await a.sub.clone().send_tagged_packet(
      addr(last), bytes('from a public'), bytes('from a masked'))).link.toString();
    result.authorGot = await readAll(author);
    result.bGot = await readAll(b.sub);
  }
  return result;
}

async function write(seed) {
  const author = new streams.Author(seed + '-author', options(), TYPES.single);
  const announce = (await author.clone().send_announce()).link.toString();
  const a = await subscribe(author, seed + '-a', announce);
  const keyload = (await author.clone().send_keyload_for_everyone(addr(announce))).link.toString();
  const signed = (await author.clone().send_signed_packet(
    addr(keyload), bytes('before restart 1'), bytes('masked 1'))).link.toString();
  const tagged = (await author.clone().send_tagged_packet(
    addr(signed), bytes('before restart 2'), bytes('masked 2'))).link.toString();
  return { announce, subscribe: a.link, keyload, signed, tagged };
}

async function read(seed, announce) {
  const reader = new streams.Subscriber(seed + '-a', options());
  await reader.clone().receive_announcement(addr(announce));
  return { got: await readAll(reader) };
}

async function pow(seed) {
  // SendOptions' local_pow never reaches the client it builds: build our own.
  const client = await new streams.ClientBuilder().node(url).localPow(true).build();
  const author = streams.Author.fromClient(
    streams.StreamsClient.fromClient(client), seed + '-author', TYPES.single);
  const announce = (await author.clone().send_announce()).link.toString();
  const signed = (await author.clone().send_signed_packet(
    addr(announce), bytes('mined public'), bytes('mined masked'))).link.toString();
  const reader = new streams.Subscriber(seed + '-reader', options());
  await reader.clone().receive_announcement(addr(announce));
  return { announce, signed, got: await readAll(reader) };
}

async function bench(seed, count) {
  const author = new streams.Author(seed + '-author', options(), TYPES.single);
  let last = (await author.clone().send_announce()).link;
  const announce = last.toString();
  let start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    last = (await author.clone().send_signed_packet(last, bytes('reading ' + i), bytes(''))).link;
  }
  const sendSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const reader = new streams.Subscriber(seed + '-reader', options());
  await reader.clone().receive_announcement(addr(announce));
  start = process.hrtime.bigint();
  const got = await readAll(reader);
  const receiveSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { sent: count, sendSeconds, received: got.length, receiveSeconds };
}

async function channelBench(seed, count) {
  const author = new streams.Author(seed + '-author', options(), TYPES.single);
  const announce = (await author.clone().send_announce()).link.toString();
  await subscribe(author, seed + '-reader', announce);
  let last = (await author.clone().send_keyload_for_everyone(addr(announce))).link;
  let start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    last = (await author.clone().send_signed_packet(
      last, bytes('reading ' + i), bytes('masked ' + i))).link;
  }
  const sendSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const reader = new streams.Subscriber(seed + '-reader', options());
  await reader.clone().receive_announcement(addr(announce));
  start = process.hrtime.bigint();
  let received = 0;
  for (let got = await reader.clone().fetchNextMsgs(); got.length;
       got = await reader.clone().fetchNextMsgs()) {
    received += got.length;
  }
  const receiveSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { announce, sent: count, sendSeconds, received, receiveSeconds };
}

const run = { roundtrip: () => roundtrip(args[0], args[1]),
              write: () => write(args[0]),
              read: () => read(args[0], args[1]),
              pow: () => pow(args[0]),
              bench: () => bench(args[0], Number(args[1])),
              'channel-bench': () => channelBench(args[0], Number(args[1])) }[mode];
run().then((result) => console.log(JSON.stringify(result)),
           (err) => { console.error('driver failed:', err); process.exit(1); });
