console.log('peerpods', process.argv.slice(2).join(' '));
