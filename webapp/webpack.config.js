// Bundles the webapp into webapp/dist/main.js for the Mattermost web app to load.
// Host libraries are externals mapped to the globals the web app exposes, and JSX uses the
// classic transform (React.createElement) so the bundle never needs react/jsx-runtime,
// which hosts with React 17 and 18 do not expose.
const path = require('path');

const externals = {
    react: 'React',
    'react-dom': 'ReactDOM',
    redux: 'Redux',
    'react-redux': 'ReactRedux',
    'react-intl': 'ReactIntl',
    'prop-types': 'PropTypes',
    luxon: 'Luxon',
};

module.exports = (env, argv) => {
    const production = (argv && argv.mode) !== 'development';
    return {
        mode: production ? 'production' : 'development',
        entry: path.join(__dirname, 'src', 'index.tsx'),
        output: {
            path: path.join(__dirname, 'dist'),
            filename: 'main.js',
            clean: true,
        },
        resolve: {extensions: ['.tsx', '.ts', '.js']},
        externalsType: 'window',
        externals,
        module: {
            rules: [{
                test: /\.tsx?$/,
                exclude: /node_modules/,
                use: {
                    loader: 'swc-loader',
                    options: {
                        jsc: {
                            parser: {syntax: 'typescript', tsx: true},
                            transform: {react: {runtime: 'classic'}},
                            target: 'es2020',
                        },
                    },
                },
            }],
        },
        devtool: production ? false : 'eval-source-map',
        performance: {hints: false},
        // The host loads one script; splitting would need a public path it does not give.
        optimization: {splitChunks: false, runtimeChunk: false},
        stats: 'errors-warnings',
    };
};
