import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement } from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';

// Only the parts the projection draws, so the page does not carry all of chart.js.
Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, annotationPlugin);

export { Chart };
