// Preloaded (node --import) into the js-ipfs daemon child process: the hoisted mortice/it-queue that
// Helia needs call Promise.withResolvers, which Node 20 lacks. Same polyfill as src/withResolvers.ts.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
